package records_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestDraftTermHasNoPage: a term is published as a page is. The seed's
// terms are imported published; a new term starts as a draft, which has no
// page on the site and no tag on the published project that uses it, but
// shows in the preview, marked as a draft; published, it has both.
func TestDraftTermHasNoPage(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	for _, collection := range schema.TermCollections {
		drafts, err := app.FindRecordsByFilter(collection, "status != 'publisert'", "", 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range drafts {
			t.Errorf("seed term %s %s imported as %q; want publisert", collection, r.GetString(schema.FieldSlug), r.GetString(schema.FieldStatus))
		}
	}

	themes, err := app.FindCollectionByNameOrId(schema.Themes)
	if err != nil {
		t.Fatal(err)
	}
	term := core.NewRecord(themes)
	term.Set(schema.FieldName, "Nytt tema for et utkast")
	save(t, app, term)
	if got := term.GetString(schema.FieldStatus); got != schema.StatusDraft {
		t.Errorf("a new term's status is %q; want %q", got, schema.StatusDraft)
	}
	project, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	project.Set(schema.FieldThemes, append(project.GetStringSlice(schema.FieldThemes), term.Id))
	save(t, app, project)

	termPage := content.Term{Taxonomy: "tema", Slug: term.GetString(schema.FieldSlug)}.Location()
	projectPage := content.Project{Slug: "fact-ung"}.Location()
	site := func() (termBuilt bool, projectHTML string) {
		t.Helper()
		out := buildFrom(t, app)
		_, err := os.Stat(filepath.Join(out, termPage.URL, "index.html"))
		html, readErr := os.ReadFile(filepath.Join(out, projectPage.URL, "index.html"))
		if readErr != nil {
			t.Fatal(readErr)
		}
		return err == nil, string(html)
	}
	if built, html := site(); built || strings.Contains(html, termPage.URL) {
		t.Errorf("draft term: page built %v, project links to it %v; want neither", built, strings.Contains(html, termPage.URL))
	}

	preview, _, err := records.LoadPreview(app, time.Date(2026, time.December, 1, 12, 0, 0, 0, content.Zone))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tm := range preview.Terms {
		if tm.Location() == termPage {
			found = true
			if !tm.Draft {
				t.Errorf("the preview shows the draft term unmarked: %+v", tm)
			}
		}
	}
	if !found {
		t.Errorf("the preview has no page for the draft term %s", termPage.URL)
	}

	term.Set(schema.FieldStatus, schema.StatusPublished)
	save(t, app, term)
	if built, html := site(); !built || !strings.Contains(html, termPage.URL) {
		t.Errorf("published term: page built %v, project links to it %v; want both", built, strings.Contains(html, termPage.URL))
	}
}

// TestTermWorkingCopyKeepsItsPages: while a term has a working copy, the
// preview shows the copy in the term's place, and the pages that use the
// term still name it (they name the live term's record).
func TestTermWorkingCopyKeepsItsPages(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	now := time.Date(2026, time.December, 1, 12, 0, 0, 0, content.Zone)
	project, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	live, err := app.FindRecordById(schema.Themes, project.GetStringSlice(schema.FieldThemes)[0])
	if err != nil {
		t.Fatal(err)
	}
	copied := core.NewRecord(live.Collection())
	for _, f := range []string{schema.FieldSlug, schema.FieldName, schema.FieldBody} {
		copied.Set(f, live.Get(f))
	}
	copied.Set(schema.FieldName, "Nytt navn i arbeidskopien")
	copied.Set(schema.FieldStatus, schema.StatusDraft)
	copied.Set(schema.FieldWorkingCopyOf, live.Id)
	if err := app.SaveNoValidate(copied); err != nil {
		t.Fatal(err)
	}
	tree, _, err := records.LoadPreview(app, now)
	if err != nil {
		t.Fatal(err)
	}
	slug := live.GetString(schema.FieldSlug)
	for _, p := range tree.Projects {
		if p.Slug == "fact-ung" && !slices.Contains(p.Themes, slug) {
			t.Errorf("fact-ung's themes in the preview while %s has a working copy: %v; want it among them", slug, p.Themes)
		}
	}
	for _, term := range tree.Terms {
		if term.Slug == slug && (term.Title != "Nytt navn i arbeidskopien" || !term.WorkingCopy) {
			t.Errorf("the preview shows the term as %q (working copy %v); want the copy's name", term.Title, term.WorkingCopy)
		}
	}
}
