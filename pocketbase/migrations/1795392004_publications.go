package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The publication log: every Netlify build the system asked for, why, and
// how it went. Editors (superusers) read it in the admin; nobody else can.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("publiseringer", id("publiseringer"))
		c.Fields.Add(
			&core.TextField{Name: "aarsak", Help: "Endringene som utløste publiseringen.", Max: 5000, Presentable: true},
			&core.SelectField{Name: "status", Help: "venter: ikke sendt ennå; sendt: Netlify har tatt imot; feilet: alle forsøk feilet; hoppet_over: ingen byggekrok er satt.",
				Values: []string{"venter", "sendt", "feilet", "hoppet_over"}, MaxSelect: 1, Required: true},
			&core.NumberField{Name: "forsok", Help: "Antall forsøk på å nå Netlify.", OnlyInt: true},
			&core.TextField{Name: "svar", Help: "Svaret fra Netlify, eller feilen.", Max: 2000},
		)
		for _, f := range autodates() {
			c.Fields.Add(f)
		}
		c.AddIndex("idx_publiseringer_created", false, "created", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("publiseringer")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
