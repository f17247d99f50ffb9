package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// scheduled are the collections whose records carry a status of their own
// and, from this migration on, a publish and an unpublish time.
var scheduled = []string{"arsrapporter", "rapportdeler", "prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus"}

// live is the rule for a record that is published now: published, and not
// past its unpublish time (the scheduler also flips its status, but a read
// between that moment and the flip must not see it).
func live(prefix string) string {
	return fmt.Sprintf("%[1]sstatus = 'publisert' && (%[1]savpubliser_fra = '' || %[1]savpubliser_fra > @now)", prefix)
}

// Scheduled publishing: a draft with publiser_fra is published at that
// time, a published record with avpubliser_fra is taken down at that time.
func init() {
	m.Register(func(app core.App) error {
		for _, name := range scheduled {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-2, // before the autodates
				&core.DateField{Name: "publiser_fra", Help: "Valgfritt: utkastet publiseres automatisk på dette tidspunktet."},
				&core.DateField{Name: "avpubliser_fra", Help: "Valgfritt: siden tas ned automatisk på dette tidspunktet."},
			)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add schedule fields to %s: %w", name, err)
			}
		}
		return setReadRules(app, map[string]string{
			"arsrapporter":      live(""),
			"rapportdeler":      live("") + " && " + live("rapport."),
			"medlemskap":        live("rapport."),
			"lenker":            live("rapport."),
			"tilskuddsrunder":   live("rapport."),
			"prosjekter":        live(""),
			"partnerskapsmoter": live(""),
			"faglige_utvalg":    live(""),
			"utvalgsstatus":     live("") + " && " + live("utvalg."),
		})
	}, func(app core.App) error {
		if err := setReadRules(app, map[string]string{
			"arsrapporter": published, "rapportdeler": sectionPublished,
			"medlemskap": reportPublished, "lenker": reportPublished, "tilskuddsrunder": reportPublished,
			"prosjekter": published, "partnerskapsmoter": published, "faglige_utvalg": published,
			"utvalgsstatus": statusPublished,
		}); err != nil {
			return err
		}
		for _, name := range scheduled {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("publiser_fra")
			c.Fields.RemoveByName("avpubliser_fra")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}

func setReadRules(app core.App, rules map[string]string) error {
	for name, rule := range rules {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		c.ListRule, c.ViewRule = types.Pointer(rule), types.Pointer(rule)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("set read rules of %s: %w", name, err)
		}
	}
	return nil
}
