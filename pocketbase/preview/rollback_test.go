package preview_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/preview"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// rolledBack holds the publication ids the test's Rollback was asked for.
var rolledBack []string

// deployed is an app with two live deploys (the newer shown on the site)
// and a failed publication, and a preview whose rollback is recorded; a
// rollback to "feil00000000001" fails as Netlify would.
func deployed(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	p := preview.Register(app, history.Register(app), debounce.NewFake(day))
	rolledBack = nil
	p.AllowRollback(func(id, editor string) error {
		if id == "feil00000000001" {
			return errors.New("Tilbakestillingen feilet: Netlify svarte ikke.")
		}
		rolledBack = append(rolledBack, id+" "+editor)
		return nil
	})
	pbtest.AddEditor(t, app)
	coll := mustCollection(t, app, schema.Publications)
	for _, p := range []struct{ id, status, deploy, created string }{
		{"eldre0000000001", schema.PublicationLive, "deploy001", "2026-03-01 10:00:00.000Z"},
		{"feil00000000001", schema.PublicationLive, "deploy002", "2026-03-01 11:00:00.000Z"},
		{"feilet000000001", "feilet", "", "2026-03-01 12:00:00.000Z"},
		{"nyere0000000001", schema.PublicationLive, "deploy003", "2026-03-02 10:00:00.000Z"},
	} {
		r := core.NewRecord(coll)
		r.Id = p.id
		r.Set("aarsak", "prosjekter «X» endret")
		r.Set(schema.FieldStatus, p.status)
		r.Set("utrulling", p.deploy)
		if p.deploy != "" {
			r.Set("adresse", "https://"+p.deploy+"--ssu.netlify.app")
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		if _, err := app.DB().NewQuery("UPDATE publiseringer SET created = {:c} WHERE id = {:id}").Bind(map[string]any{"c": p.created, "id": p.id}).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	return app
}

// TestRollbackInTheOverview: the overview shows each deploy with its
// address and state, offers the earlier live deploys (not the one shown,
// not a failed one) to be made live again, asks first, and rolls back
// only on a POST by an editor.
func TestRollbackInTheOverview(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "the overview shows each deploy and offers the earlier ones", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", BeforeTestFunc: signedIn, ExpectedStatus: 200,
			ExpectedContent: []string{
				`publisert (vises nå)`, `<a href="https://deploy003--ssu.netlify.app">deploy003</a>`,
				`<a href="https://deploy001--ssu.netlify.app">deploy001</a> · <a href="/forhandsvisning/_tilbake/eldre0000000001"`,
				`<td>feilet</td>`,
			},
			NotExpectedContent: []string{`_tilbake/nyere0000000001`, `_tilbake/feilet000000001`},
		},
		{
			Name: "a rollback asks first", Method: http.MethodGet,
			URL: "/forhandsvisning/_tilbake/eldre0000000001", BeforeTestFunc: signedIn, ExpectedStatus: 200,
			ExpectedContent: []string{"gjeldende igjen?", "utrullingen deploy001", `<form method="post" action="/forhandsvisning/_tilbake/eldre0000000001"><input type="hidden" name="csrf" value="`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if len(rolledBack) != 0 {
					t.Errorf("rolled back on a GET: %v", rolledBack)
				}
			},
		},
		{
			Name: "a rollback is for editors only", Method: http.MethodPost,
			URL: "/forhandsvisning/_tilbake/eldre0000000001", ExpectedStatus: 401, ExpectedContent: []string{"Logg inn"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if len(rolledBack) != 0 {
					t.Errorf("rolled back without an editor: %v", rolledBack)
				}
			},
		},
		{
			Name: "a confirmed rollback is done by the editor", Method: http.MethodPost,
			URL: "/forhandsvisning/_tilbake/eldre0000000001", BeforeTestFunc: signedIn, ExpectedStatus: 303,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if want := "eldre0000000001 " + email; len(rolledBack) != 1 || rolledBack[0] != want {
					t.Errorf("rolled back %v; want [%s]", rolledBack, want)
				}
				if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/forhandsvisning/_oversikt") {
					t.Errorf("redirect to %q; want the overview", loc)
				}
			},
		},
		{
			Name: "a failed rollback says why", Method: http.MethodPost,
			URL: "/forhandsvisning/_tilbake/feil00000000001", BeforeTestFunc: signedIn, ExpectedStatus: 409,
			ExpectedContent: []string{"Tilbakestillingen feilet: Netlify svarte ikke."},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = deployed
		s.Test(t)
	}
}
