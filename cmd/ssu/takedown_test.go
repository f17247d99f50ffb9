package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// TestTakedownPublishesWhileARecordCannotBeBuilt stores a published
// project that cannot be built (old data, past the save hooks) and takes
// down a project that a published section links to: the export and the
// site build succeed, the taken-down page is gone, the section stays with
// the link as plain text, and both problems are named.
func TestTakedownPublishesWhileARecordCannotBeBuilt(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	coll, err := app.FindCollectionByNameOrId(schema.Projects)
	if err != nil {
		t.Fatal(err)
	}
	broken := core.NewRecord(coll)
	broken.Set(schema.FieldTitle, "Gammelt prosjekt")
	broken.Set(schema.FieldSlug, "gammelt-prosjekt")
	broken.Set(schema.FieldYear, 1900)
	broken.Set(schema.FieldStatus, schema.StatusPublished)
	if err := app.SaveNoValidate(broken); err != nil {
		t.Fatal(err)
	}
	linked, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	linked.Set(schema.FieldStatus, schema.StatusDraft)
	if err := app.Save(linked); err != nil {
		t.Fatalf("taking down a linked page: %v", err)
	}

	dir := filepath.Join(t.TempDir(), "content")
	_, problems, err := exportContent(app, dir)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: time.Now}); err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, gone := range []string{"prosjekter/fact-ung/index.html", "prosjekter/gammelt-prosjekt/index.html"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s is on the built site", gone)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "prosjekter", "kongsberg-samhandlingsarena", "index.html")); err != nil {
		t.Errorf("another project is missing from the site: %v", err)
	}
	var said []string
	for _, p := range problems {
		said = append(said, p.String())
	}
	all := strings.Join(said, "\n")
	for _, want := range []string{"Siden /prosjekter/gammelt-prosjekt/ (prosjekter/gammelt-prosjekt.md) er utelatt: «aar» = 1900", "lenken /prosjekter/fact-ung/ peker til en side som ikke finnes"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q do not say %q", all, want)
		}
	}
}
