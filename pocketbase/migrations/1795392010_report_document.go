package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The tagged PDF the site makes of a report's page (ssu build --pdf in
// Chromium), kept with the report so that it travels with the content: the
// export writes it beside the report, `ssu build --from` fetches it, and a
// build machine without Chromium only copies it. Protected as the original
// PDF is: a hidden report's document answers 404.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("arsrapporter")
		if err != nil {
			return err
		}
		at := len(c.Fields)
		for i, f := range c.Fields {
			if f.GetName() == "pdf" {
				at = i + 1
			}
		}
		c.Fields.AddAt(at, &core.FileField{
			Name:      "dokument",
			Help:      "Rapporten som PDF, laget av nettstedet fra rapportsiden. Lages på nytt når rapporten endres; last ikke opp selv.",
			MimeTypes: []string{"application/pdf"},
			MaxSelect: 1,
			MaxSize:   maxPDFBytes,
			Protected: true,
		})
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add dokument to arsrapporter: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("arsrapporter")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("dokument")
		return app.Save(c)
	})
}
