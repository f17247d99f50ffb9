package preview_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// withBrokenDraft is newApp with a draft that cannot be exported and one
// with an image Hugo cannot write (too tall for WebP), both stored as old
// data is (past the save hooks), and a draft with a dead link.
func withBrokenDraft(t testing.TB) *tests.TestApp {
	app, p, clock := newApp(t)
	coll := mustCollection(t, app, schema.Projects)
	broken := core.NewRecord(coll)
	broken.Set(schema.FieldTitle, "Utkast fra gammel tid")
	broken.Set(schema.FieldSlug, "gammelt-utkast")
	broken.Set(schema.FieldYear, 1900)
	broken.Set(schema.FieldStatus, schema.StatusDraft)
	if err := app.SaveNoValidate(broken); err != nil {
		t.Fatal(err)
	}
	tall, err := filesystem.NewFileFromBytes(contenttest.PNG(1, content.MaxImageHeight+1), "plakat.png")
	if err != nil {
		t.Fatal(err)
	}
	poster := core.NewRecord(coll)
	poster.Set(schema.FieldTitle, "Utkast med høy plakat")
	poster.Set(schema.FieldSlug, "hoy-plakat")
	poster.Set(schema.FieldYear, 2026)
	poster.Set(schema.FieldImage, tall)
	poster.Set(schema.FieldImageAlt, "En plakat")
	poster.Set(schema.FieldStatus, schema.StatusDraft)
	if err := app.SaveNoValidate(poster); err != nil {
		t.Fatal(err)
	}
	dead := core.NewRecord(coll)
	dead.Set(schema.FieldTitle, "Utkast med død lenke")
	dead.Set(schema.FieldSlug, "dod-lenke")
	dead.Set(schema.FieldYear, 2026)
	dead.Set(schema.FieldBody, "Se [den gamle siden](/prosjekter/finnes-ikke/).")
	if err := app.Save(dead); err != nil {
		t.Fatal(err)
	}
	if err := built(clock, p); err != nil {
		t.Fatalf("preview build with a broken draft: %v", err)
	}
	// Every other page keeps updating.
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldBody, "Endret mens et utkast ikke kan bygges.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if err := built(clock, p); err != nil {
		t.Fatalf("preview build after a change: %v", err)
	}
	page, err := os.ReadFile(filepath.Join(app.DataDir(), "forhandsvisning", "public", "prosjekter", "fact-ung", "index.html"))
	if err != nil || !strings.Contains(string(page), "Endret mens et utkast ikke kan bygges.") {
		t.Errorf("the preview does not show a change to another page while a draft cannot be built (err %v)", err)
	}
	return app
}

func TestPreviewSurvivesBrokenDraft(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "the broken draft's address explains, in Norwegian, naming the field", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/gammelt-utkast/", BeforeTestFunc: signedIn,
			ExpectedStatus:  200,
			ExpectedContent: []string{"Denne siden kan ikke vises ennå", "Feltet «aar»", "er ikke et årstall mellom 2000 og 2100"},
		},
		{
			Name: "the draft Hugo cannot build explains, in Norwegian, naming the field", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/hoy-plakat/", BeforeTestFunc: signedIn,
			ExpectedStatus:  200,
			ExpectedContent: []string{"Denne siden kan ikke vises ennå", "Feltet «bilde»", "nettstedet kan ikke bygges med siden (Hugo: "},
		},
		{
			Name: "the draft with a dead link is shown, the link as text", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/dod-lenke/", BeforeTestFunc: signedIn,
			ExpectedStatus:     200,
			ExpectedContent:    []string{"Utkast med død lenke", "Se den gamle siden."},
			NotExpectedContent: []string{"finnes-ikke"},
		},
		{
			Name: "a page that does not exist answers with the site's Norwegian 404", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/ikke-laget-enna/", BeforeTestFunc: signedIn,
			ExpectedStatus:     404,
			ExpectedContent:    []string{"Fant ikke siden", `lang=nb`},
			NotExpectedContent: []string{"File not found", `"message"`},
		},
		{
			Name: "the overview names both pages and why", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", BeforeTestFunc: signedIn,
			ExpectedStatus:  200,
			ExpectedContent: []string{"Sider som ikke kan bygges", "/prosjekter/gammelt-utkast/", "er utelatt", "/prosjekter/hoy-plakat/", "/prosjekter/dod-lenke/", "lenken /prosjekter/finnes-ikke/ peker til en side som ikke finnes"},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = withBrokenDraft
		s.Test(t)
	}
}
