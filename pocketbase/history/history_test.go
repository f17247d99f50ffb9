package history_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func newApp(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	history.Register(app)
	return app
}

func entries(t testing.TB, app core.App, id string) []*core.Record {
	t.Helper()
	// Entries made within one millisecond tie on created; rowid keeps order.
	var recs []*core.Record
	err := app.RecordQuery(schema.History).AndWhere(dbx.HashExp{"post": id}).OrderBy("created ASC", "rowid ASC").All(&recs)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func newProject(t testing.TB, app core.App, text string) *core.Record {
	t.Helper()
	coll, _ := app.FindCollectionByNameOrId(schema.Projects)
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, "Prosjekt")
	r.Set(schema.FieldYear, 2026)
	r.Set(schema.FieldBody, text)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func field(t testing.TB, entry *core.Record, which, name string) any {
	t.Helper()
	var data map[string]any
	if err := json.Unmarshal([]byte(entry.GetString(which)), &data); err != nil {
		t.Fatalf("%s of %s: %v", which, entry.Id, err)
	}
	return data[name]
}

func TestEveryChangeIsKept(t *testing.T) {
	app := newApp(t)
	r := newProject(t, app, "Første tekst")
	r, _ = app.FindRecordById(schema.Projects, r.Id)
	r.Set(schema.FieldBody, "Andre tekst")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(r); err != nil {
		t.Fatal(err)
	}

	got := entries(t, app, r.Id)
	if len(got) != 3 {
		t.Fatalf("%d history entries; want 3 (opprettet, endret, slettet)", len(got))
	}
	for i, want := range []string{"opprettet", "endret", "slettet"} {
		if got[i].GetString("handling") != want || got[i].GetString("bruker") != history.System {
			t.Errorf("entry %d: %s by %s; want %s by system", i, got[i].GetString("handling"), got[i].GetString("bruker"), want)
		}
	}
	if before, after := field(t, got[1], "for", "tekst"), field(t, got[1], "etter", "tekst"); before != "Første tekst\n" || after != "Andre tekst\n" {
		t.Errorf("update entry holds %q → %q; want the text before and after", before, after)
	}
	if field(t, got[2], "for", "tekst") != "Andre tekst\n" {
		t.Error("delete entry does not hold the deleted record")
	}
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const (
	projectID = "histproject0001"
	versionID = "histversion0001"
)

// editedProject makes a project with a fixed id, changes its text once, and
// keeps its first version under a fixed id for the restore scenario.
func editedProject(t testing.TB) *tests.TestApp {
	app := newApp(t)
	coll := mustCollection(t, app, schema.Projects)
	r := core.NewRecord(coll)
	r.Id = projectID
	r.Set(schema.FieldTitle, "Prosjekt")
	r.Set(schema.FieldYear, 2026)
	r.Set(schema.FieldBody, "Første tekst")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	first := entries(t, app, projectID)[0]
	version := core.NewRecord(mustCollection(t, app, schema.History))
	version.Id = versionID
	for _, name := range []string{"samling", "post", "tittel", "handling", "bruker", "for", "etter"} {
		version.Set(name, first.Get(name))
	}
	if err := app.Save(version); err != nil {
		t.Fatal(err)
	}
	r, _ = app.FindRecordById(coll, projectID)
	r.Set(schema.FieldBody, "Andre tekst")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return app
}

func TestEditorEditAndRestore(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "an editor's change is kept with the editor's name", Method: http.MethodPatch,
			URL:            "/api/collections/prosjekter/records/" + projectID,
			Body:           strings.NewReader(`{"tekst":"Tredje tekst"}`),
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 200, ExpectedContent: []string{`"tekst":"Tredje tekst\n"`},
			ExpectedEvents: map[string]int{"OnRecordUpdateRequest": 1},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				got := entries(t, app, projectID)
				last := got[len(got)-1]
				if last.GetString("bruker") != pbtest.EditorEmail || last.GetString("handling") != "endret" {
					t.Errorf("last entry: %s by %s; want endret by the editor", last.GetString("handling"), last.GetString("bruker"))
				}
			},
		},
		{
			Name: "restore brings the first text back as a new change", Method: http.MethodPost,
			URL:            "/api/ssu/historikk/" + versionID + "/gjenopprett",
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 200, ExpectedContent: []string{`"melding":"Versjonen er gjenopprettet."`},
			ExpectedEvents: map[string]int{"OnRecordUpdate": 1},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				r, err := app.FindRecordById(schema.Projects, projectID)
				if err != nil || r.GetString(schema.FieldBody) != "Første tekst\n" {
					t.Fatalf("after restore the text is %q (%v); want the first text", r.GetString(schema.FieldBody), err)
				}
				got := entries(t, app, projectID)
				last := got[len(got)-1]
				if last.GetString("handling") != "gjenopprettet" || last.GetString("bruker") != pbtest.EditorEmail {
					t.Errorf("last entry: %s by %s; want gjenopprettet by the editor", last.GetString("handling"), last.GetString("bruker"))
				}
				if field(t, last, "for", "tekst") != "Andre tekst\n" {
					t.Error("the restore entry does not keep the text it replaced")
				}
			},
		},
		{
			Name: "only editors can restore", Method: http.MethodPost,
			URL:            "/api/ssu/historikk/" + versionID + "/gjenopprett",
			ExpectedStatus: 401, ExpectedContent: []string{`"data":{}`},
			ExpectedEvents: map[string]int{"*": 0},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = editedProject
		s.Test(t)
	}
}

func TestRestoreDeletedRecord(t *testing.T) {
	(&tests.ApiScenario{
		Name: "a deleted project comes back", Method: http.MethodPost,
		URL: "/api/ssu/historikk/" + versionID + "/gjenopprett",
		TestAppFactory: func(t testing.TB) *tests.TestApp {
			app := editedProject(t)
			r, _ := app.FindRecordById(schema.Projects, projectID)
			if err := app.Delete(r); err != nil {
				t.Fatal(err)
			}
			return app
		},
		BeforeTestFunc:  pbtest.AsEditor,
		ExpectedStatus:  200,
		ExpectedContent: []string{`"post":"histproject0001"`},
		ExpectedEvents:  map[string]int{"OnRecordCreate": 2}, // the project and its history entry
		AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if _, err := app.FindRecordById(schema.Projects, projectID); err != nil {
				t.Errorf("the project was not restored: %v", err)
			}
		},
	}).Test(t)
}
