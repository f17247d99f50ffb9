package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The history of every content record: who changed it, when, and the
// record before and after. Written by hooks; only editors can read it.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("historikk", id("historikk"))
		c.Fields.Add(
			&core.TextField{Name: "samling", Help: "Samlingen posten hører til.", Max: 100, Required: true},
			&core.TextField{Name: "post", Help: "Postens id.", Max: 100, Required: true},
			&core.TextField{Name: "tittel", Help: "Postens tittel eller navn da endringen ble gjort.", Max: 300, Presentable: true},
			&core.SelectField{Name: "handling", Values: []string{"opprettet", "endret", "slettet", "gjenopprettet"}, MaxSelect: 1, Required: true},
			&core.TextField{Name: "bruker", Help: "Hvem som gjorde endringen: en redaktør, eller «system» (planlagt publisering, import).", Max: 300},
			&core.JSONField{Name: "for", Help: "Posten før endringen.", MaxSize: 2 << 20},
			&core.JSONField{Name: "etter", Help: "Posten etter endringen.", MaxSize: 2 << 20},
		)
		for _, f := range autodates() {
			c.Fields.Add(f)
		}
		c.AddIndex("idx_historikk_post", false, "samling, post, created", "")
		return app.Save(c)
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("historikk")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
