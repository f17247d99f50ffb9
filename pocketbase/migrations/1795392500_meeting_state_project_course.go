package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// What readers ask of a meeting and a project. A partnership meeting gets
// a state the editors set (planned, held, cancelled) and its outcome, so
// that a meeting whose day has passed can say whether it took place. A
// project gets its progress, period, contact and results, each optional.
func init() {
	m.Register(func(app core.App) error {
		if err := addFieldsAfter(app, "partnerskapsmoter", "evaluering",
			&core.SelectField{Name: "tilstand", Help: "Planlagt, gjennomført eller avlyst. Tom betyr planlagt.", Values: []string{"planlagt", "gjennomfort", "avlyst"}, MaxSelect: 1},
			text("utfall", "Hva møtet kom fram til, eller hvorfor det ble avlyst. Ren tekst; en tom linje skiller avsnitt.", 4000, false),
		); err != nil {
			return err
		}
		return addFieldsAfter(app, "prosjekter", "belop",
			&core.SelectField{Name: "fremdrift", Help: "Valgfritt: planlagt, pågår eller avsluttet.", Values: []string{"planlagt", "pagar", "avsluttet"}, MaxSelect: 1},
			&core.NumberField{Name: "periode_fra", Help: "Valgfritt: året prosjektet begynte.", Min: types.Pointer(2000.0), Max: types.Pointer(2100.0), OnlyInt: true},
			&core.NumberField{Name: "periode_til", Help: "Valgfritt: året prosjektet slutter eller sluttet.", Min: types.Pointer(2000.0), Max: types.Pointer(2100.0), OnlyInt: true},
			text("kontakt", "Valgfritt: kontaktperson, for eksempel «Kari Nordmann, prosjektleder».", 300, false),
			&core.EmailField{Name: "kontakt_epost", Help: "Valgfritt: kontaktpersonens e-postadresse."},
			text("resultater", "Valgfritt: hva prosjektet har oppnådd. Ren tekst; en tom linje skiller avsnitt.", 4000, false),
		)
	}, func(app core.App) error {
		for name, fields := range map[string][]string{
			"partnerskapsmoter": {"tilstand", "utfall"},
			"prosjekter":        {"fremdrift", "periode_fra", "periode_til", "kontakt", "kontakt_epost", "resultater"},
		} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			for _, f := range fields {
				c.Fields.RemoveByName(f)
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// addFieldsAfter adds fields to a collection after the field named after.
func addFieldsAfter(app core.App, collection, after string, fields ...core.Field) error {
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return err
	}
	at := len(c.Fields)
	for i, f := range c.Fields {
		if f.GetName() == after {
			at = i + 1
		}
	}
	c.Fields.AddAt(at, fields...)
	if err := app.Save(c); err != nil {
		return fmt.Errorf("add fields to %s: %w", collection, err)
	}
	return nil
}
