package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

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
		for _, name := range schema.Publishable {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-2, // before the autodates
				&core.DateField{Name: schema.FieldPublishAt, Help: "Valgfritt: utkastet publiseres automatisk på dette tidspunktet."},
				&core.DateField{Name: schema.FieldUnpublishAt, Help: "Valgfritt: siden tas ned automatisk på dette tidspunktet."},
			)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add schedule fields to %s: %w", name, err)
			}
		}
		return setReadRules(app, map[string]string{
			schema.Reports:         live(""),
			schema.Sections:        live("") + " && " + live("rapport."),
			schema.Memberships:     live("rapport."),
			schema.Links:           live("rapport."),
			schema.GrantRounds:     live("rapport."),
			schema.Projects:        live(""),
			schema.Meetings:        live(""),
			schema.Committees:      live(""),
			schema.CommitteeStatus: live("") + " && " + live("utvalg."),
		})
	}, func(app core.App) error {
		if err := setReadRules(app, map[string]string{
			schema.Reports: published, schema.Sections: sectionPublished,
			schema.Memberships: reportPublished, schema.Links: reportPublished, schema.GrantRounds: reportPublished,
			schema.Projects: published, schema.Meetings: published, schema.Committees: published,
			schema.CommitteeStatus: statusPublished,
		}); err != nil {
			return err
		}
		for _, name := range schema.Publishable {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName(schema.FieldPublishAt)
			c.Fields.RemoveByName(schema.FieldUnpublishAt)
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
