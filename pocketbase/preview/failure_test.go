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

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/preview"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

const brokenTitle = "Prosjekt med et ødelagt bilde"

// notAnImage passes the upload's type check (it starts like a PNG) but
// does not decode, so Hugo's image partial fails on it.
var notAnImage = append([]byte("\x89PNG\r\n\x1a\n"), strings.Repeat("ikke et bilde ", 50)...)

// breakPreview saves a draft whose image does not decode, after a good
// build: the next preview build leaves that draft out and succeeds. It
// returns the broken record.
func breakPreview(t testing.TB, app core.App, p *preview.Preview, clock *debounce.Fake) *core.Record {
	t.Helper()
	version := p.Version()
	r := core.NewRecord(mustCollection(t, app, schema.Projects))
	r.Set(schema.FieldTitle, brokenTitle)
	r.Set(schema.FieldSlug, "odelagt-bilde")
	r.Set(schema.FieldYear, 2026)
	img, err := filesystem.NewFileFromBytes(notAnImage, "bilde.png")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldImage, img)
	r.Set(schema.FieldImageAlt, "Et bilde som ikke lar seg lese")
	// The save hooks refuse an image that does not decode; this one stands
	// for one stored before that check, or damaged on disk since.
	if err := app.SaveNoValidate(r); err != nil {
		t.Fatalf("saving a draft with the broken image: %v", err)
	}
	if err := built(clock, p); err != nil {
		t.Fatalf("preview build after the broken image: %v; want the draft left out", err)
	}
	if p.Version() <= version {
		t.Errorf("version %d after the broken image; want more than %d", p.Version(), version)
	}
	entries, _ := os.ReadDir(filepath.Join(app.DataDir(), "forhandsvisning"))
	for _, e := range entries {
		if e.Name() != "content" && e.Name() != "public" {
			t.Errorf("%s left beside the preview after a failed build", e.Name())
		}
	}
	return r
}

// TestBrokenImageLeavesDraftOut: a draft whose image cannot be read is
// left out of the preview, which builds and keeps showing the rest; its
// address and the overview say why.
func TestBrokenImageLeavesDraftOut(t *testing.T) {
	brokenApp := func(t testing.TB) *tests.TestApp {
		app, p, clock := newApp(t)
		breakPreview(t, app, p, clock)
		return app
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "the previous preview is still served", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/hemmelig-utkast/", BeforeTestFunc: signedIn,
			ExpectedStatus: 200, ExpectedContent: []string{draftTitle},
		},
		{
			Name: "the broken draft's address says why, naming the field", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/odelagt-bilde/", BeforeTestFunc: signedIn,
			ExpectedStatus: 200, ExpectedContent: []string{"Denne siden kan ikke vises ennå", "Feltet «bilde»", "kan ikke leses som JPEG, PNG eller WebP"},
		},
		{
			Name: "the overview names the page left out, and why", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", BeforeTestFunc: signedIn,
			ExpectedStatus:     200,
			ExpectedContent:    []string{"Sider som ikke kan bygges", "/prosjekter/odelagt-bilde/", "er utelatt", brokenTitle},
			NotExpectedContent: []string{"Siste bygging av forhåndsvisningen feilet"},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = brokenApp
		s.Test(t)
	}
}

// TestPreviewRecoversAfterBrokenImage: once the editor removes the broken
// image, the next build shows the draft.
func TestPreviewRecoversAfterBrokenImage(t *testing.T) {
	app, p, clock := newApp(t)
	r := breakPreview(t, app, p, clock)
	version := p.Version()
	r.Set(schema.FieldImage+"-", r.GetStringSlice(schema.FieldImage))
	r.Set(schema.FieldImage, nil)
	r.Set(schema.FieldImageAlt, "")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if err := built(clock, p); err != nil {
		t.Fatalf("preview build after the fix: %v", err)
	}
	if p.Version() <= version {
		t.Errorf("version %d after the fix; want more than %d", p.Version(), version)
	}
	page, err := os.ReadFile(filepath.Join(app.DataDir(), "forhandsvisning", "public", "prosjekter", "odelagt-bilde", "index.html"))
	if err != nil || !strings.Contains(string(page), brokenTitle) {
		t.Errorf("the fixed draft is not in the preview (%v)", err)
	}
}
