package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Working copies and four eyes. A working copy is a record in the same
// collection as the live page it is a new version of, pointing to it with
// arbeidskopi_av; editors edit it in the ordinary form while the public
// keeps the live version. A report's copy has copies of its members, links
// and grant round. Status «klar» (klar til godkjenning) is a version one
// editor has marked ready for another to approve; who did what is kept in
// hidden fields (never in the public API) and in the history.
//
// A working copy is never public, whatever its status says; the unique
// keys (year, slug) hold among live records only, and a record has at most
// one working copy.
var (
	withStatus  = []string{"arsrapporter", "rapportdeler", "prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus"}
	copiedParts = []string{"medlemskap", "lenker", "tilskuddsrunder"}

	// The unique keys of migration 1795392000 that working copies share
	// with their live record.
	liveKeys = map[string][2]string{
		"arsrapporter":      {"idx_arsrapporter_aar", "aar"},
		"rapportdeler":      {"idx_rapportdeler_slug", "rapport, slug"},
		"prosjekter":        {"idx_prosjekter_slug", "slug"},
		"partnerskapsmoter": {"idx_partnerskapsmoter_aar", "aar"},
		"faglige_utvalg":    {"idx_faglige_utvalg_slug", "slug"},
		"utvalgsstatus":     {"idx_utvalgsstatus_aar", "utvalg, aar"},
	}
)

// liveOriginal is the rule of a record that is live and not a working copy.
func liveOriginal(prefix string) string {
	return fmt.Sprintf("%[1]sarbeidskopi_av = '' && %[1]sstatus = 'publisert' && (%[1]savpubliser_fra = '' || %[1]savpubliser_fra > @now)", prefix)
}

func init() {
	m.Register(func(app core.App) error {
		for _, name := range append(withStatus, copiedParts...) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			fields := []core.Field{&core.RelationField{Name: "arbeidskopi_av", Hidden: true, CollectionId: id(name), MaxSelect: 1,
				Help: "Fylles ut av «Lag arbeidskopi»: den publiserte posten dette er en arbeidskopi av. Endre ikke selv."}}
			if key, ok := liveKeys[name]; ok {
				status, _ := c.Fields.GetByName("status").(*core.SelectField)
				if status == nil {
					return fmt.Errorf("%s has no status", name)
				}
				status.Values = []string{"utkast", "klar", "publisert"}
				status.Help = "«klar» er klar til godkjenning: en annen redaktør godkjenner og publiserer. Bare «publisert» kommer på det offentlige nettstedet. Nye poster er utkast."
				fields = append(fields,
					&core.TextField{Name: "klar_av", Hidden: true, Max: 300, Help: "Redaktøren som meldte denne versjonen klar til godkjenning. Fylles ut av systemet."},
					&core.TextField{Name: "godkjent_av", Hidden: true, Max: 300, Help: "Redaktøren som godkjente denne versjonen. Fylles ut av systemet."},
					&core.TextField{Name: "uten_godkjenning", Hidden: true, Max: 2000, Help: "Begrunnelsen, når versjonen ble publisert uten godkjenning. Fylles ut av systemet."},
				)
				c.AddIndex(key[0], true, key[1], "arbeidskopi_av = ''")
			}
			c.Fields.AddAt(len(c.Fields)-2, fields...) // before the autodates
			c.AddIndex("idx_"+name+"_arbeidskopi_av", true, "arbeidskopi_av", "arbeidskopi_av != ''")
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add working copies to %s: %w", name, err)
			}
		}
		part := "arbeidskopi_av = '' && " + liveOriginal("rapport.")
		return setReadRules(app, map[string]string{
			"arsrapporter":      readRule(liveOriginal("")),
			"rapportdeler":      readRule(liveOriginal("") + " && " + liveOriginal("rapport.")),
			"medlemskap":        readRule(part),
			"lenker":            readRule(part),
			"tilskuddsrunder":   readRule(part),
			"prosjekter":        readRule(liveOriginal("")),
			"partnerskapsmoter": readRule(liveOriginal("")),
			"faglige_utvalg":    readRule(liveOriginal("")),
			"utvalgsstatus":     readRule(liveOriginal("") + " && " + liveOriginal("utvalg.")),
		})
	}, func(app core.App) error {
		if err := setReadRules(app, map[string]string{
			"arsrapporter":      readRule(live("")),
			"rapportdeler":      readRule(live("") + " && " + live("rapport.")),
			"medlemskap":        readRule(live("rapport.")),
			"lenker":            readRule(live("rapport.")),
			"tilskuddsrunder":   readRule(live("rapport.")),
			"prosjekter":        readRule(live("")),
			"partnerskapsmoter": readRule(live("")),
			"faglige_utvalg":    readRule(live("")),
			"utvalgsstatus":     readRule(live("") + " && " + live("utvalg.")),
		}); err != nil {
			return err
		}
		for _, name := range append(withStatus, copiedParts...) {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.RemoveIndex("idx_" + name + "_arbeidskopi_av")
			if key, ok := liveKeys[name]; ok {
				c.AddIndex(key[0], true, key[1], "")
				if status, ok := c.Fields.GetByName("status").(*core.SelectField); ok {
					status.Values = []string{"utkast", "publisert"}
					status.Help = "Bare «publisert» kommer på det offentlige nettstedet. Nye poster er utkast."
				}
			}
			for _, f := range []string{"arbeidskopi_av", "klar_av", "godkjent_av", "uten_godkjenning"} {
				c.Fields.RemoveByName(f)
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

// readRule is a public read rule with migration 1795392008's guard against
// filters through back-relations.
func readRule(rule string) string { return "(" + rule + ") && " + noBackRelations }
