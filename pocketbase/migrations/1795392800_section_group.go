package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A report's part may carry a heading over itself and the parts after it,
// as a report groups them ("Øvrige tema" in 2025). Optional.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("rapportdeler")
		if err != nil {
			return err
		}
		at := len(c.Fields)
		for i, f := range c.Fields {
			if f.GetName() == "tittel" {
				at = i + 1
			}
		}
		c.Fields.AddAt(at, text("gruppe", "Valgfritt: en overskrift over denne delen og delene etter den, slik rapporten grupperer dem (f.eks. «Øvrige tema»). Står partnerskapsmøtet eller utvalgene rett før denne delen, kommer overskriften før dem.", 200, false))
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add gruppe to rapportdeler: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("rapportdeler")
		if err != nil {
			return err
		}
		c.Fields.RemoveByName("gruppe")
		return app.Save(c)
	})
}
