package records_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// TestRenamedPageKeepsItsAddress renames a section of the seed and a
// committee (whose status pages move with it), exports, builds the site
// and fetches the old addresses from it: each leads to the page, by the
// alias page and by a 301 line in Netlify's _redirects; renamed back, the
// section has no old address that is its own.
func TestRenamedPageKeepsItsAddress(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	section := findOne(t, app, schema.Sections, "slug = 'moteplan-for-2026'")
	section.Set(schema.FieldSlug, "moteplan-2026")
	save(t, app, section)
	committee := findOne(t, app, schema.Committees, "slug = 'barn-og-unge'")
	committee.Set(schema.FieldSlug, "barn-og-unge-utvalget")
	save(t, app, committee)

	moved := map[string]string{ // old address → new
		"/arsrapporter/2025/moteplan-for-2026/":        "/arsrapporter/2025/moteplan-2026/",
		"/faglige-samarbeidsutvalg/barn-og-unge/":      "/faglige-samarbeidsutvalg/barn-og-unge-utvalget/",
		"/faglige-samarbeidsutvalg/barn-og-unge/2025/": "/faglige-samarbeidsutvalg/barn-og-unge-utvalget/2025/",
	}
	out := buildFrom(t, app)
	server := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer server.Close()
	redirects, err := os.ReadFile(filepath.Join(out, "_redirects"))
	if err != nil {
		t.Fatal(err)
	}
	refresh := regexp.MustCompile(`http-equiv="?refresh"? content="0; url=https://ssu\.example\.org(/[^"]*)"`)
	for from, to := range moved {
		page := get(t, server.URL+from)
		m := refresh.FindStringSubmatch(page)
		if m == nil || m[1] != to {
			t.Errorf("%s: got %q; want a redirect to %s", from, page, to)
		}
		if got := get(t, server.URL+to); !strings.Contains(got, "<h1") {
			t.Errorf("%s: the new page has no h1", to)
		}
		if line := strings.TrimSuffix(from, "/") + " " + to + " 301!"; !strings.Contains(string(redirects), line) {
			t.Errorf("_redirects has no line %q:\n%s", line, redirects)
		}
	}

	// Back to its first name: its address is its own again, not an old one.
	section.Set(schema.FieldSlug, "moteplan-for-2026")
	save(t, app, section)
	if got := findOne(t, app, schema.Sections, "id = '"+section.Id+"'").GetString("tidligere_adresser"); got != "/arsrapporter/2025/moteplan-2026/" {
		t.Errorf("renamed back: tidligere_adresser %q; want only the address it had in between", got)
	}
}

func findOne(t *testing.T, app core.App, collection, filter string) *core.Record {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(collection, filter, dbx.Params{})
	if err != nil {
		t.Fatalf("%s %s: %v", collection, filter, err)
	}
	return r
}

func save(t *testing.T, app core.App, r *core.Record) {
	t.Helper()
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s %s: %v", r.Collection().Name, r.Id, err)
	}
}

// buildFrom exports app's published content and builds the site of it.
func buildFrom(t *testing.T, app core.App) string {
	t.Helper()
	now := time.Date(2026, time.December, 1, 12, 0, 0, 0, content.Zone)
	tree, problems, err := records.Load(app, now)
	if err != nil || len(problems) > 0 {
		t.Fatalf("export: %v %v", err, problems)
	}
	dir := t.TempDir()
	contentDir, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	if err := tree.Write(contentDir); err != nil {
		t.Fatal(err)
	}
	_, err = site.Build(context.Background(), site.Options{ContentDir: contentDir, OutDir: out, BaseURL: "https://ssu.example.org/", Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func get(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %s", u, res.Status)
	}
	return string(body)
}
