package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// When a page was first published and when its public content last
// changed. The save hooks set both; what an editor types there is
// replaced. They are not the records' created and updated: a page is
// published long after its draft was made, and a save that changes
// nothing the public sees (a new PDF of the report) changes neither.
func init() {
	pages := []string{"arsrapporter", "rapportdeler", "prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus"}
	m.Register(func(app core.App) error {
		for _, name := range pages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-2, // before the autodates
				&core.DateField{Name: "publisert", Help: "Settes av systemet: da siden først ble publisert."},
				&core.DateField{Name: "sist_endret", Help: "Settes av systemet: da det publiserte innholdet sist ble endret."},
			)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add publisert and sist_endret to %s: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range pages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("publisert")
			c.Fields.RemoveByName("sist_endret")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
