package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// PocketBase serves an unprotected file to anyone who has its address, with
// no regard to the record's rules. A report's PDF or a project's image kept
// that address when the record was taken down (avpubliser_fra, or set back
// to draft), and the address had been public in the API while the record
// was published. A protected file is served only if the record's view rule
// lets the caller see the record: published files stay public without a
// token (`ssu build --from` fetches them so), hidden ones answer 404, and
// editors get theirs with the file token the admin asks for. The avatar of
// a users record goes the same way: that collection is for superusers only.
var protectedFiles = map[string][]string{
	"users":             {"avatar"},
	"arsrapporter":      {"pdf"},
	"rapportdeler":      {"bilde"},
	"prosjekter":        {"bilde"},
	"partnerskapsmoter": {"bilde"},
}

func init() {
	m.Register(func(app core.App) error {
		return setFilesProtected(app, true)
	}, func(app core.App) error {
		return setFilesProtected(app, false)
	})
}

func setFilesProtected(app core.App, protected bool) error {
	for name, fields := range protectedFiles {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		for _, field := range fields {
			f, ok := c.Fields.GetByName(field).(*core.FileField)
			if !ok {
				return fmt.Errorf("%s.%s is not a file field", name, field)
			}
			f.Protected = protected
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("protect the files of %s: %w", name, err)
		}
	}
	return nil
}
