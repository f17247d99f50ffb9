package migrations

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Terms (themes, patient groups, partners, schemes) are published as the
// other pages are: a status, a schedule, working copies and four eyes.
// Until now every term was public from the moment it was made, also one
// made for a draft project. The terms there are stay public (publisert);
// new ones start as drafts.
func init() {
	terms := []string{"tema", "pasientgrupper", "partnere", "ordninger"}
	m.Register(func(app core.App) error {
		for _, name := range terms {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-2, // before the autodates
				&core.SelectField{Name: "status", Values: []string{"utkast", "klar", "publisert"}, MaxSelect: 1, Required: true,
					Help: "«klar» er klar til godkjenning: en annen redaktør godkjenner og publiserer. Bare «publisert» kommer på det offentlige nettstedet, og en side bruker bare publiserte termer. Nye termer er utkast."},
				&core.DateField{Name: "publiser_fra", Help: "Valgfritt: utkastet publiseres automatisk på dette tidspunktet."},
				&core.DateField{Name: "avpubliser_fra", Help: "Valgfritt: termen tas ned automatisk på dette tidspunktet."},
				&core.RelationField{Name: "arbeidskopi_av", Hidden: true, CollectionId: id(name), MaxSelect: 1,
					Help: "Fylles ut av «Lag arbeidskopi»: den publiserte posten dette er en arbeidskopi av. Endre ikke selv."},
				&core.TextField{Name: "klar_av", Hidden: true, Max: 300, Help: "Redaktøren som meldte denne versjonen klar til godkjenning. Fylles ut av systemet."},
				&core.TextField{Name: "godkjent_av", Hidden: true, Max: 300, Help: "Redaktøren som godkjente denne versjonen. Fylles ut av systemet."},
				&core.TextField{Name: "uten_godkjenning", Hidden: true, Max: 2000, Help: "Begrunnelsen, når versjonen ble publisert uten godkjenning. Fylles ut av systemet."},
			)
			// The slug is unique among live terms; a working copy shares its
			// term's. The indexes of migrations 1795392100 and 1795392009.
			c.AddIndex("idx_"+name+"_slug", true, "slug", "arbeidskopi_av = ''")
			c.AddIndex("idx_"+name+"_arbeidskopi_av", true, "arbeidskopi_av", "arbeidskopi_av != ''")
			c.AddIndex("idx_"+name+"_publiser_fra", false, "status, publiser_fra", "")
			c.AddIndex("idx_"+name+"_avpubliser_fra", false, "status, avpubliser_fra", "")
			rule := readRule(liveOriginal(""))
			c.ListRule, c.ViewRule = types.Pointer(rule), types.Pointer(rule)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add a status to %s: %w", name, err)
			}
			if _, err := app.DB().Update(name, dbx.Params{"status": "publisert"}, nil).Execute(); err != nil {
				return fmt.Errorf("publish the %s there are: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range terms {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			// A copy would hold its term's slug twice.
			if _, err := app.DB().Delete(name, dbx.NewExp("arbeidskopi_av != ''")).Execute(); err != nil {
				return fmt.Errorf("delete the working copies of %s: %w", name, err)
			}
			for _, index := range []string{"arbeidskopi_av", "publiser_fra", "avpubliser_fra"} {
				c.RemoveIndex("idx_" + name + "_" + index)
			}
			c.AddIndex("idx_"+name+"_slug", true, "slug", "")
			for _, f := range []string{"status", "publiser_fra", "avpubliser_fra", "arbeidskopi_av", "klar_av", "godkjent_av", "uten_godkjenning"} {
				c.Fields.RemoveByName(f)
			}
			c.ListRule, c.ViewRule = types.Pointer(noBackRelations), types.Pointer(noBackRelations)
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
