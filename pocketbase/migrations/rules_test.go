package migrations_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// fixtureID is the id of the one record made in every collection, so that
// the scenarios can name it in their URLs.
const fixtureID = "ssufixture00001"

var allCollections = []string{
	schema.Themes, schema.PatientGroups, schema.Partners, schema.Schemes,
	schema.Reports, schema.Sections, schema.Memberships, schema.Links, schema.GrantRounds,
	schema.Projects, schema.Meetings, schema.Committees, schema.CommitteeStatus,
	"users",
}

// newFixtureApp imports the seed content and adds one published record
// with fixtureID to every collection.
// It is a copy of a template built once (see matrix_test.go).
func newFixtureApp(t testing.TB) *tests.TestApp {
	app := cloneApp(t, baseDir(t))
	t.Cleanup(app.Cleanup)
	return app
}

// addFixtures adds the published fixtureID record to every collection of
// allCollections; the 2025 report must be there.
func addFixtures(t testing.TB, app core.App) {
	t.Helper()
	report, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]map[string]any{
		schema.Reports:         {"aar": 2030, "tittel": "Fixture", "status": "publisert"},
		schema.Sections:        {"rapport": report.Id, "tittel": "Fixture", "status": "publisert"},
		schema.Memberships:     {"rapport": report.Id, "navn": "Fixture", "organ": "SSU"},
		schema.Links:           {"rapport": report.Id, "tittel": "Fixture", "url": "https://example.org/"},
		schema.Projects:        {"tittel": "Fixture", "aar": 2030, "status": "publisert"},
		schema.Meetings:        {"aar": 2030, "tittel": "Fixture", "dato": "2030-06-01 00:00:00.000Z", "status": "publisert"},
		schema.Committees:      {"tittel": "Fixture", "status": "publisert"},
		schema.CommitteeStatus: {"aar": 2030, "status": "publisert"},
		"users":                {"email": "fixture@example.org", "password": "Et-langt-passord-2026", "passwordConfirm": "Et-langt-passord-2026"},
	}
	for _, name := range []string{schema.Themes, schema.PatientGroups, schema.Partners, schema.Schemes} {
		values[name] = map[string]any{"navn": "Fixture", "status": "publisert"}
	}
	// A grant round belongs to a report that has none yet.
	for _, name := range allCollections {
		coll, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(coll)
		r.Set("id", fixtureID)
		for k, v := range values[name] {
			r.Set(k, v)
		}
		if name == schema.CommitteeStatus {
			committee, err := app.FindRecordById(schema.Committees, fixtureID)
			if err != nil {
				t.Fatal(err)
			}
			r.Set("utvalg", committee.Id)
		}
		if name == schema.GrantRounds {
			fixtureReport, err := app.FindRecordById(schema.Reports, fixtureID)
			if err != nil {
				t.Fatal(err)
			}
			r.Set("rapport", fixtureReport.Id)
		}
		if err := app.Save(r); err != nil {
			t.Fatalf("fixture in %s: %v", name, err)
		}
	}
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fixtureUnchanged(collection string) func(testing.TB, *tests.TestApp, *http.Response) {
	return func(t testing.TB, app *tests.TestApp, _ *http.Response) {
		r, err := app.FindRecordById(collection, fixtureID)
		if err != nil {
			t.Fatalf("%s fixture is gone: %v", collection, err)
		}
		if r.GetString("tittel") == "Endret" || r.GetString("navn") == "Endret" {
			t.Fatalf("%s fixture was changed by an anonymous request", collection)
		}
	}
}

// TestAnonymousCannotWrite tries every write in every collection without
// credentials. The superuser scenarios on the same routes show that the
// refusal comes from the rules, not from a wrong URL or body.
func TestAnonymousCannotWrite(t *testing.T) {
	var scenarios []tests.ApiScenario
	for _, name := range allCollections {
		base := "/api/collections/" + name + "/records"
		body := `{"tittel":"Endret","navn":"Endret","aar":2031,"email":"ny@example.org","password":"Et-langt-passord-2026","passwordConfirm":"Et-langt-passord-2026"}`
		scenarios = append(scenarios,
			tests.ApiScenario{
				Name: name + ": anonymous create", Method: http.MethodPost, URL: base, Body: strings.NewReader(body),
				ExpectedStatus: 403, ExpectedContent: []string{`"data":{}`}, ExpectedEvents: map[string]int{"*": 0},
				AfterTestFunc: func(t testing.TB, app *tests.TestApp, res *http.Response) {
					n, err := app.CountRecords(name)
					if err != nil {
						t.Fatal(err)
					}
					fixtureUnchanged(name)(t, app, res)
					if name == "users" && n != 1 {
						t.Fatalf("users has %d records; want only the fixture", n)
					}
				},
			},
			tests.ApiScenario{
				Name: name + ": anonymous update", Method: http.MethodPatch, URL: base + "/" + fixtureID, Body: strings.NewReader(body),
				ExpectedStatus: 403, ExpectedContent: []string{`"data":{}`}, ExpectedEvents: map[string]int{"*": 0},
				AfterTestFunc: fixtureUnchanged(name),
			},
			tests.ApiScenario{
				Name: name + ": anonymous delete", Method: http.MethodDelete, URL: base + "/" + fixtureID,
				ExpectedStatus: 403, ExpectedContent: []string{`"data":{}`}, ExpectedEvents: map[string]int{"*": 0},
				AfterTestFunc: fixtureUnchanged(name),
			},
			tests.ApiScenario{
				Name: name + ": superuser delete", Method: http.MethodDelete, URL: base + "/" + fixtureID,
				BeforeTestFunc: pbtest.AsEditor,
				ExpectedStatus: 204,
				ExpectedEvents: map[string]int{"OnRecordDeleteRequest": 1},
			},
		)
	}
	for _, s := range scenarios {
		s.TestAppFactory = newFixtureApp
		s.Test(t)
	}
}

func TestAnonymousSeesOnlyPublished(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "a draft project is not listed", Method: http.MethodGet, URL: "/api/collections/prosjekter/records?perPage=200",
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
				if err != nil {
					t.Fatal(err)
				}
				r.Set("status", "utkast")
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"slug":"barn-5-12-ar"`, `"totalItems":11`},
			NotExpectedContent: []string{`"slug":"fact-ung"`},
			ExpectedEvents:     map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 11},
		},
		{
			Name: "a draft project cannot be viewed", Method: http.MethodGet, URL: "/api/collections/prosjekter/records?filter=(slug='fact-ung')",
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				r, _ := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
				r.Set("status", "utkast")
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus:  200,
			ExpectedContent: []string{`"items":[]`},
			ExpectedEvents:  map[string]int{"*": 0, "OnRecordsListRequest": 1},
		},
		{
			Name: "the members of a draft report are hidden", Method: http.MethodGet, URL: "/api/collections/medlemskap/records?perPage=200",
			BeforeTestFunc: func(t testing.TB, app *tests.TestApp, _ *core.ServeEvent) {
				r, _ := app.FindFirstRecordByFilter(schema.Reports, "aar = 2024")
				r.Set("status", "utkast")
				if err := app.Save(r); err != nil {
					t.Fatal(err)
				}
			},
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"navn":"Ida Bang"`},
			NotExpectedContent: []string{`"fra":"ny i 2024"`},
			ExpectedEvents:     map[string]int{"*": 0, "OnRecordsListRequest": 1, "OnRecordEnrich": 20},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = newFixtureApp
		s.Test(t)
	}
}

// TestSlugRefusedOverAPI saves a project as a superuser through the REST
// API, as the admin does: a bad slug is refused under the slug field with a
// Norwegian message.
func TestSlugRefusedOverAPI(t *testing.T) {
	for _, slug := range []string{"a/b", "..", "med mellomrom", "Store"} {
		s := tests.ApiScenario{
			Name: "slug " + slug, Method: http.MethodPost, URL: "/api/collections/prosjekter/records",
			Body:           strings.NewReader(`{"tittel":"Nytt prosjekt","aar":2026,"slug":"` + slug + `"}`),
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 400,
			ExpectedContent: []string{
				`"slug":{"code":"validation_ssu_slug"`,
				`Adressenavnet (slug)`,
			},
			ExpectedEvents: map[string]int{"*": 0, "OnRecordCreateRequest": 1, "OnModelValidate": 1, "OnRecordValidate": 1, "OnModelCreate": 1, "OnRecordCreate": 1, "OnModelAfterCreateError": 1, "OnRecordAfterCreateError": 1},
			TestAppFactory: func(t testing.TB) *tests.TestApp { return pbtest.NewApp(t) },
		}
		s.Test(t)
	}
}
