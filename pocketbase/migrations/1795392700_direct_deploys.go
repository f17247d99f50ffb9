package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Direct deploys: the editing server builds the site and deploys it to
// Netlify itself, so a publication now has a deploy of its own, with an
// address, the files it uploaded and how long it took; "publisert" is a
// deploy that is live. A rollback (Netlify's restore) is logged as a
// publication too, naming the deploy it made live again.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("publiseringer")
		if err != nil {
			return err
		}
		status, ok := c.Fields.GetByName("status").(*core.SelectField)
		if !ok {
			return fmt.Errorf("publiseringer.status is not a select field")
		}
		status.Values = []string{"venter", "sendt", "publisert", "feilet", "hoppet_over"}
		status.Help = "venter: ikke sendt ennå; sendt: Netlify har tatt imot byggebestillingen; publisert: utrullingen er ute på nettstedet; feilet: alle forsøk feilet; hoppet_over: Netlify er ikke satt opp."
		c.Fields.Add(
			&core.TextField{Name: "utrulling", Help: "Netlifys id for utrullingen (deploy).", Max: 100},
			&core.URLField{Name: "adresse", Help: "Adressen der akkurat denne utrullingen kan leses."},
			&core.NumberField{Name: "filer", Help: "Antall filer lastet opp til Netlify.", OnlyInt: true},
			&core.NumberField{Name: "varighet_ms", Help: "Hvor lenge publiseringen tok, i millisekunder.", OnlyInt: true},
			&core.TextField{Name: "tilbake_til", Help: "Ved tilbakestilling: utrullingen som ble gjort gjeldende igjen.", Max: 100},
		)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add deploy fields to publiseringer: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("publiseringer")
		if err != nil {
			return err
		}
		for _, name := range []string{"utrulling", "adresse", "filer", "varighet_ms", "tilbake_til"} {
			c.Fields.RemoveByName(name)
		}
		if status, ok := c.Fields.GetByName("status").(*core.SelectField); ok {
			status.Values = []string{"venter", "sendt", "feilet", "hoppet_over"}
		}
		return app.Save(c)
	})
}
