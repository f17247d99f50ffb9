package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The addresses a page had before its slug or year was changed, one a
// line: each redirects to the page for good. The save hooks add the old
// address when a published page moves; an editor may add an address of the
// old site, or remove one.
func init() {
	pages := []string{"arsrapporter", "rapportdeler", "prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus"}
	m.Register(func(app core.App) error {
		for _, name := range pages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-2, // before the autodates
				text("tidligere_adresser", "Sidens tidligere adresser, én per linje (som /arsrapporter/2024/gammelt-navn/). De sender leseren videre hit. Legges til av systemet når adressenavnet eller året endres.", 20_000, false),
			)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add tidligere_adresser to %s: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range pages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("tidligere_adresser")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
