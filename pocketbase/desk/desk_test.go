package desk_test

import (
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/desk"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

var someDay = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

const siteURL = "https://ssu.example.org/"

// Records with known ids beside the seed.
const (
	publishedProject = "deskpublished01"
	draftProject     = "deskdraft000001"
	report           = "deskreport00001" // published, 2031
	draftSection     = "desksection0001" // a draft part of it
	member           = "deskmember00001"
)

func deskApp(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	save := func(collection, id string, fields map[string]any) {
		coll, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(coll)
		r.Id = id
		r.Load(fields)
		if err := app.Save(r); err != nil {
			t.Fatalf("save %s %s: %v", collection, id, err)
		}
	}
	save(schema.Projects, publishedProject, map[string]any{"tittel": "Publisert prosjekt", "slug": "publisert-prosjekt", "aar": 2026, "status": schema.StatusPublished})
	save(schema.Projects, draftProject, map[string]any{"tittel": "Utkast til prosjekt", "aar": 2026})
	save(schema.Reports, report, map[string]any{"tittel": "Årsrapport 2031", "aar": 2031, "status": schema.StatusPublished})
	save(schema.Sections, draftSection, map[string]any{"rapport": report, "tittel": "Ny del", "rekkefolge": 1})
	save(schema.Memberships, member, map[string]any{"rapport": report, "navn": "Kari Nordmann", "organ": "SSU"})
	desk.Register(app, desk.Config{SiteURL: siteURL, Now: func() time.Time { return someDay }})
	return app
}

func TestPageEndpoint(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "a published project: preview and public address", URL: "/api/ssu/skrivebord/side/prosjekter/" + publishedProject,
			ExpectedStatus:     200,
			ExpectedContent:    []string{`"forhandsvisning":"/forhandsvisning/prosjekter/publisert-prosjekt/"`, `"publisert":"https://ssu.example.org/prosjekter/publisert-prosjekt/"`},
			NotExpectedContent: []string{"nesteAar"},
		},
		{
			Name: "a new draft: preview only", URL: "/api/ssu/skrivebord/side/prosjekter/" + draftProject,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"forhandsvisning":"/forhandsvisning/prosjekter/utkast-til-prosjekt/"`, `"publisert":""`},
		},
		{
			Name: "a report: its page and the next year", URL: "/api/ssu/skrivebord/side/arsrapporter/" + report,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"forhandsvisning":"/forhandsvisning/arsrapporter/2031/"`, `"publisert":"https://ssu.example.org/arsrapporter/2031/"`, `"nesteAar":2032`},
		},
		{
			Name: "a draft section of a published report is not public", URL: "/api/ssu/skrivebord/side/rapportdeler/" + draftSection,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"forhandsvisning":"/forhandsvisning/arsrapporter/2031/ny-del/"`, `"publisert":""`},
		},
		{
			Name: "a member is shown on the report's page", URL: "/api/ssu/skrivebord/side/medlemskap/" + member,
			ExpectedStatus:  200,
			ExpectedContent: []string{`"forhandsvisning":"/forhandsvisning/arsrapporter/2031/"`, `"publisert":"https://ssu.example.org/arsrapporter/2031/"`},
		},
		{
			Name: "the sidebar's order", URL: "/api/ssu/skrivebord/samlinger",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"forst":["arsrapporter","rapportdeler",`, `"sist":["ordliste","historikk","publiseringer","users"]`, `"navn":{`, `"Årsrapporter"`},
		},
		{
			Name: "a collection without pages", URL: "/api/ssu/skrivebord/side/historikk/" + member,
			ExpectedStatus: 404, ExpectedContent: []string{`"data":{}`},
		},
		{
			Name: "the superusers are no content", URL: "/api/ssu/skrivebord/side/_superusers/" + member,
			ExpectedStatus: 404, ExpectedContent: []string{`"data":{}`},
		},
		{
			Name: "an unknown record", URL: "/api/ssu/skrivebord/side/prosjekter/finnesikke00000",
			ExpectedStatus: 404, ExpectedContent: []string{`"data":{}`},
		},
	}
	for _, s := range scenarios {
		s.Method = http.MethodGet
		s.TestAppFactory = deskApp
		s.BeforeTestFunc = pbtest.AsEditor
		s.Test(t)
	}
}

// TestEndpointsAreForEditors: a guest gets 401 from every endpoint and
// nothing runs.
func TestEndpointsAreForEditors(t *testing.T) {
	for _, s := range []tests.ApiScenario{
		{Method: http.MethodGet, URL: "/api/ssu/skrivebord/samlinger"},
		{Method: http.MethodGet, URL: "/api/ssu/skrivebord/side/prosjekter/" + publishedProject},
		{Method: http.MethodPost, URL: "/api/ssu/skrivebord/ny-rapport/2026"},
		{Method: http.MethodGet, URL: "/api/ssu/skrivebord/sjekk/prosjekter/" + publishedProject},
		{Method: http.MethodGet, URL: "/api/ssu/skrivebord/deler/" + report},
		{Method: http.MethodGet, URL: "/api/ssu/skrivebord/sider?q=fact"},
		{Method: http.MethodPost, URL: "/api/ssu/skrivebord/logg", Body: strings.NewReader(`{"melding":"x"}`)},
	} {
		s.Name = "guest " + s.Method + " " + s.URL
		s.TestAppFactory = deskApp
		s.ExpectedStatus = 401
		s.ExpectedContent = []string{`"data":{}`}
		s.ExpectedEvents = map[string]int{"*": 0}
		s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
			if n, _ := app.CountRecords(schema.Reports, nil); n != 3 {
				t.Errorf("%d reports after a guest's request; want 3", n)
			}
		}
		s.Test(t)
	}
}

func TestStartNextYearEndpoint(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "starts 2026 from 2025", URL: "/api/ssu/skrivebord/ny-rapport/2026",
			ExpectedStatus:  200,
			ExpectedContent: []string{`"aar":2026`, `Laget 26 utkast for 2026`, `"ikkeTatt":["Christoffer Boge (SSU, frem til høsten 2025)"`},
			AfterTestFunc: func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				r, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2026")
				if err != nil || r.GetString(schema.FieldStatus) != schema.StatusDraft {
					t.Errorf("report of 2026: %v, %v; want a draft", r, err)
				}
			},
		},
		{
			Name: "no report the year before", URL: "/api/ssu/skrivebord/ny-rapport/2040",
			ExpectedStatus: 400, ExpectedContent: []string{`Finner ingen årsrapport for 2039 å bygge på.`},
		},
		{
			Name: "not a year", URL: "/api/ssu/skrivebord/ny-rapport/neste",
			ExpectedStatus: 400, ExpectedContent: []string{`Ugyldig årstall.`},
		},
	}
	for _, s := range scenarios {
		s.Method = http.MethodPost
		s.TestAppFactory = deskApp
		s.BeforeTestFunc = pbtest.AsEditor
		s.Test(t)
	}
}

func TestExtensionIsServed(t *testing.T) {
	for _, s := range []tests.ApiScenario{
		{Name: "the admin's combined extensions", URL: "/_/extensions.js", ExpectedContent: []string{`mount:recordUpsertModal`, `Forhåndsvis`}},
		{Name: "the extension's own file", URL: "/_/extensions/ssu/main.js", ExpectedContent: []string{`Se publisert side`}},
	} {
		s.Method = http.MethodGet
		s.TestAppFactory = deskApp
		s.ExpectedStatus = 200
		s.AfterTestFunc = func(t testing.TB, _ *tests.TestApp, res *http.Response) {
			if got := res.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control %q; want no-cache, so that a new version reaches the editors at once", got)
			}
		}
		s.Test(t)
	}
}

func TestLogProblem(t *testing.T) {
	for _, s := range []tests.ApiScenario{
		{Name: "a problem met in the browser is logged", Body: strings.NewReader(`{"melding":"redigeringspanelet mangler .modal-header"}`), ExpectedStatus: 204},
		{Name: "a body that is not JSON", Body: strings.NewReader(`melding`), ExpectedStatus: 400, ExpectedContent: []string{`"data":{}`}},
	} {
		s.Method = http.MethodPost
		s.URL = "/api/ssu/skrivebord/logg"
		s.TestAppFactory = deskApp
		s.BeforeTestFunc = pbtest.AsEditor
		s.Test(t)
	}
}

// TestOrderCoversContent: every content collection has its place in the
// sidebar, once, and the collections put aside exist.
func TestOrderCoversContent(t *testing.T) {
	got := slices.Sorted(slices.Values(desk.Order))
	want := slices.Sorted(slices.Values(schema.Content))
	if !slices.Equal(got, want) {
		t.Errorf("desk.Order has %q; want each of schema.Content once, %q", got, want)
	}
	app := pbtest.NewApp(t)
	for _, name := range desk.Aside {
		if _, err := app.FindCollectionByNameOrId(name); err != nil {
			t.Errorf("aside collection %s: %v", name, err)
		}
	}
}

// TestScriptNamesReports: main.js opens the admin on the reports by name.
func TestScriptNamesReports(t *testing.T) {
	data, err := os.ReadFile("ui/main.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const reports = "([^"]*)";`).FindSubmatch(data)
	if m == nil || string(m[1]) != schema.Reports {
		t.Errorf("main.js names the reports %q; want %q", m, schema.Reports)
	}
}

// TestLabelsCoverFields: every field an editor fills in of the content
// collections and the word list has a Norwegian label, and no label names
// a field that is not there.
func TestLabelsCoverFields(t *testing.T) {
	app := pbtest.NewApp(t)
	for _, name := range append(slices.Clone(schema.Content), schema.WordList) {
		coll, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		label, ok := desk.Labels[name]
		if !ok || label.Name == "" {
			t.Errorf("%s has no label", name)
			continue
		}
		for _, f := range coll.Fields {
			if f.GetName() == "id" || f.Type() == core.FieldTypeAutodate {
				continue
			}
			if label.Fields[f.GetName()] == "" {
				t.Errorf("%s.%s has no label", name, f.GetName())
			}
		}
		for field := range label.Fields {
			if coll.Fields.GetByName(field) == nil {
				t.Errorf("label of %s.%s: no such field", name, field)
			}
		}
	}
}

func TestReportParts(t *testing.T) {
	s := tests.ApiScenario{
		Name: "the parts of a report", Method: http.MethodGet, URL: "/api/ssu/skrivebord/deler/" + report,
		TestAppFactory: deskApp, BeforeTestFunc: pbtest.AsEditor,
		ExpectedStatus: 200,
		ExpectedContent: []string{
			`{"samling":"rapportdeler","tittel":"Deler","ny":"Ny del","deler":[{"id":"` + draftSection + `","tittel":"Ny del","utkast":true}]}`,
			`{"samling":"medlemskap","tittel":"Medlemmer","ny":"Nytt medlem","deler":[{"id":"` + member + `","tittel":"Kari Nordmann (SSU)"}]}`,
			`{"samling":"tilskuddsrunder","tittel":"Tilskuddsrunde","ny":"Ny tilskuddsrunde","deler":[]}`,
			`{"samling":"utvalgsstatus","tittel":"Utvalgenes status","deler":[]}`,
		},
	}
	s.Test(t)
}

func TestFindPages(t *testing.T) {
	for _, s := range []tests.ApiScenario{
		{Name: "pages by title", URL: "/api/ssu/skrivebord/sider?q=FACT", ExpectedContent: []string{`{"tittel":"FACT Ung","adresse":"/prosjekter/fact-ung/"}`}},
		{Name: "too short a question", URL: "/api/ssu/skrivebord/sider?q=F", ExpectedContent: []string{`[]`}},
	} {
		s.Method = http.MethodGet
		s.TestAppFactory = deskApp
		s.BeforeTestFunc = pbtest.AsEditor
		s.ExpectedStatus = 200
		s.Test(t)
	}
}
