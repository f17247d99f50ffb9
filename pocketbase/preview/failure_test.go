package preview_test

import (
	"crypto/sha256"
	"io/fs"
	"maps"
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

// previewFiles is every file of the built preview and the SHA-256 of its
// bytes.
func previewFiles(t testing.TB, app core.App) map[string][32]byte {
	t.Helper()
	dir := filepath.Join(app.DataDir(), "forhandsvisning", "public")
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[rel] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// breakPreview saves a draft whose image does not decode, after a good
// build: the next preview build fails. It checks that the preview's files
// are exactly what they were, and returns the broken record.
func breakPreview(t testing.TB, app core.App, p *preview.Preview, clock *debounce.Fake) *core.Record {
	t.Helper()
	before := previewFiles(t, app)
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
	err = built(clock, p)
	if err == nil || !strings.Contains(err.Error(), "image") {
		t.Fatalf("preview build after the broken image: %v; want Hugo's error", err)
	}
	if p.Version() != version {
		t.Errorf("version %d after a failed build; want %d still", p.Version(), version)
	}
	if !maps.Equal(previewFiles(t, app), before) {
		t.Error("the preview's files changed after a failed build")
	}
	entries, _ := os.ReadDir(filepath.Join(app.DataDir(), "forhandsvisning"))
	for _, e := range entries {
		if e.Name() != "content" && e.Name() != "public" {
			t.Errorf("%s left beside the preview after a failed build", e.Name())
		}
	}
	return r
}

// TestFailedPreviewBuildKeepsPreview: when a preview build fails, the
// editors keep seeing the previous preview, and the overview says that
// the last build failed and why.
func TestFailedPreviewBuildKeepsPreview(t *testing.T) {
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
			Name: "the broken draft's page is not there, as before", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/odelagt-bilde/", BeforeTestFunc: signedIn,
			ExpectedStatus: 404, NotExpectedContent: []string{brokenTitle},
		},
		{
			Name: "the overview says the last build failed, and why", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", BeforeTestFunc: signedIn,
			ExpectedStatus: 200,
			ExpectedContent: []string{
				`<p class="feil" role="alert">Siste bygging av forhåndsvisningen feilet, så den viser forrige versjon: forhåndsvisningen:`,
				"failed to load image config", brokenTitle,
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = brokenApp
		s.Test(t)
	}
}

// TestPreviewRecoversAfterFailedBuild: once the editor removes the broken
// image, the next build succeeds, shows the draft and clears the error.
func TestPreviewRecoversAfterFailedBuild(t *testing.T) {
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
