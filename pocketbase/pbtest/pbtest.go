// Package pbtest makes PocketBase test apps with the SSU content model, for
// the tests of the packages that use PocketBase.
package pbtest

import (
	"net/http"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	_ "github.com/helsefellesskap-vest-viken/ssu/pocketbase/migrations"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
)

// NewApp returns an empty app in its own temporary data directory, with the
// migrations applied and the record hooks registered. It is cleaned up when
// the test ends.
func NewApp(t testing.TB) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatalf("new test app: %v", err)
	}
	records.RegisterHooks(app, time.Now)
	t.Cleanup(app.Cleanup)
	return app
}

// ImportSeeds loads the frozen seed content (contenttest.SeedDir) into app.
func ImportSeeds(t testing.TB, app core.App) {
	t.Helper()
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatalf("read the seed content: %v", err)
	}
	if _, err := records.Save(app, tree); err != nil {
		t.Fatalf("import the seed content: %v", err)
	}
}

// The editor (superuser) that AddEditor makes.
const (
	EditorEmail    = "redaktor@example.org"
	EditorPassword = "Et-langt-passord-2026"
)

// AddEditor makes the editor in app, or returns it if it exists.
func AddEditor(t testing.TB, app core.App) *core.Record {
	t.Helper()
	if r, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, EditorEmail); err == nil {
		return r
	}
	coll, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.SetEmail(EditorEmail)
	r.SetPassword(EditorPassword)
	if err := app.Save(r); err != nil {
		t.Fatalf("add editor: %v", err)
	}
	return r
}

// AsEditor is a tests.ApiScenario BeforeTestFunc: every request of the
// scenario comes from the editor.
func AsEditor(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	editor := AddEditor(t, app)
	e.Router.BindFunc(func(re *core.RequestEvent) error {
		re.Auth = editor
		return re.Next()
	})
}

// Handler is app's HTTP handler as ssu serve has it: PocketBase's router
// with every route the app's OnServe hooks add.
func Handler(t testing.TB, app core.App) http.Handler {
	t.Helper()
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: router}, func(e *core.ServeEvent) error {
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return mux
}
