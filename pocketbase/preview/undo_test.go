package preview_test

import (
	"net/http"
	"net/url"
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

// edited is an app whose project "Angreprosjekt" was created with the text
// «Første tekst» and then given «Andre tekst»; no preview build runs.
func edited(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	preview.Register(app, history.Register(app), debounce.NewFake(day))
	pbtest.AddEditor(t, app)
	r := core.NewRecord(mustCollection(t, app, schema.Projects))
	r.Id = "angreprosjekt01"
	r.Set(schema.FieldTitle, "Angreprosjekt")
	r.Set(schema.FieldYear, 2031)
	r.Set(schema.FieldBody, "Første tekst.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldBody, "Andre tekst.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	entries, _, err := history.Entries(app, schema.Projects, r.Id, 1, 1)
	if err != nil || len(entries) != 1 || entries[0].Action != "endret" {
		t.Fatalf("history: %+v, %v; want the edit first", entries, err)
	}
	if _, err := app.DB().NewQuery("UPDATE historikk SET id = {:new} WHERE id = {:old}").Bind(map[string]any{"new": editID, "old": entries[0].ID}).Execute(); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE prosjekter SET updated = {:v} WHERE id = {:id}").Bind(map[string]any{"v": shownVersion, "id": r.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	return app
}

// editID is the id edited gives the history entry of the edit, so that a
// scenario can name it.
const editID = "endringen000001"

// shownVersion is the project's updated time as edited leaves it: the
// version the confirmation page shows.
const shownVersion = "2031-01-01 12:00:00.000Z"

func form(values url.Values) *strings.Reader { return strings.NewReader(values.Encode()) }

var formHeaders = map[string]string{"Content-Type": "application/x-www-form-urlencoded"}

// TestUndoInThePreview walks one page's history: the change shown field
// by field, the confirmation showing what undoing does, and the undo.
func TestUndoInThePreview(t *testing.T) {
	id := editID
	scenarios := []tests.ApiScenario{
		{
			Name: "the page's history shows what each change changed", Method: http.MethodGet,
			URL: "/forhandsvisning/_historikk/prosjekter/angreprosjekt01", BeforeTestFunc: signedIn,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				"<h1>Historikk: Angreprosjekt</h1>", "endret av system", "opprettet av system",
				`<del><span class="visually-hidden">Tatt bort: </span>Første</del><ins><span class="visually-hidden">Lagt til: </span>Andre</ins> tekst.`, "Angre denne endringen…",
			},
		},
		{
			Name: "the history is for editors only", Method: http.MethodGet,
			URL: "/forhandsvisning/_historikk/prosjekter/angreprosjekt01", ExpectedStatus: 401,
			NotExpectedContent: []string{"Angreprosjekt"},
		},
		{
			Name: "undo asks first, showing the difference", Method: http.MethodGet,
			URL: "/forhandsvisning/_angre/" + id, BeforeTestFunc: signedIn,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				"Angre endringen av Angreprosjekt?", "setter feltene under tilbake slik de var før endringen",
				`name="versjon" value="` + shownVersion + `"`,
				`<del><span class="visually-hidden">Tatt bort: </span>Andre</del><ins><span class="visually-hidden">Lagt til: </span>Første</ins> tekst.`, `<button type="submit">Angre endringen</button>`,
			},
		},
		{
			Name: "undo is for editors only", Method: http.MethodPost,
			URL: "/forhandsvisning/_angre/" + id, ExpectedStatus: 401,
			ExpectedContent: []string{"Logg inn"},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, err := app.FindRecordById(schema.Projects, "angreprosjekt01")
				if err != nil || !strings.HasPrefix(r.GetString(schema.FieldBody), "Andre tekst.") {
					t.Errorf("text after a refused undo: %v, %v; want it unchanged", r, err)
				}
			},
		},
		{
			Name: "an undo confirmed for an older version is refused", Method: http.MethodPost,
			URL: "/forhandsvisning/_angre/" + id, BeforeTestFunc: signedIn,
			Body: form(url.Values{"versjon": {"2030-01-01 12:00:00.000Z"}}), Headers: formHeaders,
			ExpectedStatus:  409,
			ExpectedContent: []string{"Posten er endret etter at du så forskjellen."},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				r, err := app.FindRecordById(schema.Projects, "angreprosjekt01")
				if err != nil || !strings.HasPrefix(r.GetString(schema.FieldBody), "Andre tekst.") {
					t.Errorf("text after a refused undo: %v, %v; want it unchanged", r, err)
				}
			},
		},
		{
			Name: "undo sets the text back to before the change", Method: http.MethodPost,
			URL: "/forhandsvisning/_angre/" + id, BeforeTestFunc: signedIn,
			Body: form(url.Values{"versjon": {shownVersion}}), Headers: formHeaders,
			ExpectedStatus: 303,
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
				if loc := res.Header.Get("Location"); loc != "/forhandsvisning/_historikk/prosjekter/angreprosjekt01?angret=1" {
					t.Errorf("redirect to %q; want the page's history", loc)
				}
				r, err := app.FindRecordById(schema.Projects, "angreprosjekt01")
				if err != nil || !strings.HasPrefix(r.GetString(schema.FieldBody), "Første tekst.") {
					t.Errorf("text after undo: %v, %v; want «Første tekst.»", r, err)
				}
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = edited
		s.Test(t)
	}
}
