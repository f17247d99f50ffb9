package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// PocketBase's default users collection lets anyone sign up and read their
// own record. Editors are superusers, so nobody needs that: every rule is
// left to superusers.
func init() {
	m.Register(func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		users.ListRule, users.ViewRule, users.CreateRule, users.UpdateRule, users.DeleteRule = nil, nil, nil, nil, nil
		return app.Save(users)
	}, func(app core.App) error {
		users, err := app.FindCollectionByNameOrId("users")
		if err != nil {
			return err
		}
		own := types.Pointer("id = @request.auth.id")
		users.ListRule, users.ViewRule, users.CreateRule, users.UpdateRule, users.DeleteRule = own, own, types.Pointer(""), own, own
		return app.Save(users)
	})
}
