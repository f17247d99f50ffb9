package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

const maxImageBytes = 10 << 20

// withImages are the collections whose pages can show an image.
var withImages = []string{"rapportdeler", "prosjekter", "partnerskapsmoter"}

// An image on a section, project or meeting, with the alternative text the
// site requires. The site resizes it (Hugo image processing).
func init() {
	m.Register(func(app core.App) error {
		for _, name := range withImages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.AddAt(len(c.Fields)-4, // before tekst, status and the autodates
				&core.FileField{
					Name:      "bilde",
					Help:      "Et bilde til siden (JPEG, PNG eller WebP, høyst 10 MB). Nettstedet lager mindre utgaver selv.",
					MimeTypes: []string{"image/jpeg", "image/png", "image/webp"},
					MaxSelect: 1,
					MaxSize:   maxImageBytes,
				},
				&core.TextField{
					Name: "bilde_alt",
					Help: "Påkrevd med bilde: beskriv hva bildet viser for dem som ikke ser det.",
					Max:  300,
				},
			)
			if err := app.Save(c); err != nil {
				return fmt.Errorf("add image fields to %s: %w", name, err)
			}
		}
		return nil
	}, func(app core.App) error {
		for _, name := range withImages {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			c.Fields.RemoveByName("bilde")
			c.Fields.RemoveByName("bilde_alt")
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	})
}
