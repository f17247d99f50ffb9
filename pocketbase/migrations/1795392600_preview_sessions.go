package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The preview's sign-ins: a table of its own, not a collection, so no API
// rule or admin screen can reach it. A row holds the hash of the cookie,
// never the cookie itself.
func init() {
	m.Register(func(app core.App) error {
		_, err := app.DB().NewQuery(`CREATE TABLE ssu_preview_sessions (
			hash      TEXT PRIMARY KEY NOT NULL,
			editor    TEXT NOT NULL,
			token_key TEXT NOT NULL,
			csrf      TEXT NOT NULL,
			expires   TEXT NOT NULL
		)`).Execute()
		return err
	}, func(app core.App) error {
		_, err := app.DB().NewQuery("DROP TABLE IF EXISTS ssu_preview_sessions").Execute()
		return err
	})
}
