package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// The scheduler asks, after changes and every minute, for the next draft
// to publish and the next page to take down. Without these indexes each
// question read every record of the collection.
func init() {
	m.Register(func(app core.App) error {
		return eachPublishable(app, func(c *core.Collection) {
			c.AddIndex(scheduleIndex(c, schema.FieldPublishAt), false, "status, "+schema.FieldPublishAt, "")
			c.AddIndex(scheduleIndex(c, schema.FieldUnpublishAt), false, "status, "+schema.FieldUnpublishAt, "")
		})
	}, func(app core.App) error {
		return eachPublishable(app, func(c *core.Collection) {
			c.RemoveIndex(scheduleIndex(c, schema.FieldPublishAt))
			c.RemoveIndex(scheduleIndex(c, schema.FieldUnpublishAt))
		})
	})
}

func scheduleIndex(c *core.Collection, field string) string {
	return "idx_" + c.Name + "_" + field
}

func eachPublishable(app core.App, change func(*core.Collection)) error {
	for _, name := range schema.Publishable {
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
