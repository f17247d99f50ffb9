package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// TestTakedownPublishesWhileARecordCannotBeBuilt stores, past the save
// hooks as old data was, a published project that cannot be exported, a
// published project whose image Hugo cannot write (so only the build finds
// out), and a member and a source link of the 2025 report that cannot be
// exported; then it takes down a project that a published section links
// to. The site builds as `ssu build` builds it: the taken-down page and
// the two broken projects are gone, the report stays without its two
// broken parts, the section stays with the link as plain text, and each
// problem is named.
func TestTakedownPublishesWhileARecordCannotBeBuilt(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	pastHooks := func(collection string, fields map[string]any) {
		t.Helper()
		coll, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(coll)
		for k, v := range fields {
			r.Set(k, v)
		}
		if err := app.SaveNoValidate(r); err != nil {
			t.Fatal(err)
		}
	}
	pastHooks(schema.Projects, map[string]any{schema.FieldTitle: "Gammelt prosjekt", schema.FieldSlug: "gammelt-prosjekt", schema.FieldYear: 1900, schema.FieldStatus: schema.StatusPublished})
	tall, err := filesystem.NewFileFromBytes(contenttest.PNG(1, content.MaxImageHeight+1), "plakat.png")
	if err != nil {
		t.Fatal(err)
	}
	pastHooks(schema.Projects, map[string]any{schema.FieldTitle: "Høy plakat", schema.FieldSlug: "hoy-plakat", schema.FieldYear: 2025, schema.FieldStatus: schema.StatusPublished,
		schema.FieldImage: tall, schema.FieldImageAlt: "En plakat"})
	report, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
	if err != nil {
		t.Fatal(err)
	}
	pastHooks(schema.Memberships, map[string]any{schema.FieldReport: report.Id, schema.FieldName: "Gammelt medlem", "organ": "Styret"})
	pastHooks(schema.Links, map[string]any{schema.FieldReport: report.Id, schema.FieldTitle: "Gammel kilde", "url": "ftp://example.org/fil"})
	linked, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	linked.Set(schema.FieldStatus, schema.StatusDraft)
	if err := app.Save(linked); err != nil {
		t.Fatalf("taking down a linked page: %v", err)
	}

	out := filepath.Join(t.TempDir(), "public")
	opts := site.Options{ContentDir: filepath.Join(t.TempDir(), "content"), OutDir: out, Clock: time.Now}
	_, problems, err := exportAndBuild(context.Background(), app, opts)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, gone := range []string{"prosjekter/fact-ung/index.html", "prosjekter/gammelt-prosjekt/index.html", "prosjekter/hoy-plakat/index.html"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s is on the built site", gone)
		}
	}
	for _, kept := range []string{"prosjekter/kongsberg-samhandlingsarena/index.html", "arsrapporter/2025/index.html"} {
		if _, err := os.Stat(filepath.Join(out, kept)); err != nil {
			t.Errorf("a page that can be built is missing from the site: %v", err)
		}
	}
	if page, err := os.ReadFile(filepath.Join(out, "arsrapporter", "2025", "index.html")); err != nil || strings.Contains(string(page), "Gammel") {
		t.Errorf("the 2025 report shows a part left out (%v)", err)
	}
	var said []string
	for _, p := range problems {
		said = append(said, p.String())
	}
	all := strings.Join(said, "\n")
	for _, want := range []string{
		"Siden /prosjekter/gammelt-prosjekt/ (prosjekter/gammelt-prosjekt.md) er utelatt: «aar» = 1900",
		"Siden /prosjekter/hoy-plakat/ (prosjekter/hoy-plakat/index.md) er utelatt: nettstedet kan ikke bygges med siden (Hugo: ",
		"lenken /prosjekter/fact-ung/ peker til en side som ikke finnes",
		"Siden /arsrapporter/2025/ (arsrapporter/2025/_index.md) er med, men organ «Styret» for Gammelt medlem",
		"medlemmet «Gammelt medlem» er utelatt", "kilden «Gammel kilde» er utelatt",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q do not say %q", all, want)
		}
	}
}
