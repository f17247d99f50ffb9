package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// A source link's address becomes a text field: PocketBase's URL field
// refused tel: numbers and addresses editors write without https://, and
// its English rules were not the site's. The save hooks check the address
// (content.CheckLinkURL) and normalise what editors reasonably write. A
// field's type cannot change, so the old field is renamed, copied into the
// new one and removed; the stored addresses stay as they are.
func init() {
	m.Register(func(app core.App) error {
		return replaceLinkURL(app, &core.TextField{
			Name:     "url",
			Help:     "Adressen lenken går til: https://…, mailto:navn@eksempel.no eller tel:+47 12 34 56 78.",
			Max:      2000,
			Required: true,
		})
	}, func(app core.App) error {
		return replaceLinkURL(app, &core.URLField{Name: "url", Help: "Hele adressen, med https://.", Required: true})
	})
}

// replaceLinkURL puts field in the place of lenker.url, with its values.
func replaceLinkURL(app core.App, field core.Field) error {
	c, err := app.FindCollectionByNameOrId("lenker")
	if err != nil {
		return err
	}
	old := c.Fields.GetByName("url")
	if old == nil {
		return fmt.Errorf("lenker has no field url")
	}
	at := 0
	for i, f := range c.Fields {
		if f == old {
			at = i
		}
	}
	c.RemoveIndex("idx_lenker_url") // it names the column being renamed
	old.SetName("url_gammel")
	c.Fields.AddAt(at, field)
	if err := app.Save(c); err != nil {
		return fmt.Errorf("add the new lenker.url: %w", err)
	}
	if _, err := app.DB().NewQuery("UPDATE lenker SET url = url_gammel").Execute(); err != nil {
		return fmt.Errorf("copy lenker.url: %w", err)
	}
	c.Fields.RemoveByName("url_gammel")
	c.AddIndex("idx_lenker_url", true, "rapport, url", "")
	if err := app.Save(c); err != nil {
		return fmt.Errorf("remove the old lenker.url: %w", err)
	}
	return nil
}
