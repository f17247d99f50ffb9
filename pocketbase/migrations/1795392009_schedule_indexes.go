package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The scheduler asks, after changes and every minute, for the next draft
// to publish and the next page to take down. Without these indexes each
// question read every record of the collection.
func init() {
	m.Register(func(app core.App) error {
		return eachScheduled(app, func(c *core.Collection) {
			c.AddIndex(scheduleIndex(c, "publiser_fra"), false, "status, publiser_fra", "")
			c.AddIndex(scheduleIndex(c, "avpubliser_fra"), false, "status, avpubliser_fra", "")
		})
	}, func(app core.App) error {
		return eachScheduled(app, func(c *core.Collection) {
			c.RemoveIndex(scheduleIndex(c, "publiser_fra"))
			c.RemoveIndex(scheduleIndex(c, "avpubliser_fra"))
		})
	})
}

func scheduleIndex(c *core.Collection, field string) string {
	return "idx_" + c.Name + "_" + field
}

// eachScheduled changes every collection with a publish and an unpublish
// time (those of migration 1795392003).
func eachScheduled(app core.App, change func(*core.Collection)) error {
	for _, name := range []string{"arsrapporter", "rapportdeler", "prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus"} {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		change(c)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("schedule indexes on %s: %w", name, err)
		}
	}
	return nil
}
