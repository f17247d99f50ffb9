package records_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func exportFiles(t *testing.T, app core.App) map[string][]byte {
	t.Helper()
	tree, _, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	files, err := tree.Files()
	if err != nil {
		t.Fatalf("files: %v", err)
	}
	return files
}

func compareFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	missing, differ, extra := contenttest.Diff(got, want)
	for _, name := range missing {
		t.Errorf("%s is missing from the export", name)
	}
	for _, name := range differ {
		t.Errorf("%s differs after import and export:\ngot\n%s\nwant\n%s", name, got[name], want[name])
	}
	for _, name := range extra {
		t.Errorf("the export has %s, which was not imported", name)
	}
}

// committedContent is the repository's content/, the live published
// content that every publication rewrites. Only
// TestCommittedContentRoundTrip reads it; tests of what the seed says read
// contenttest.SeedDir.
var committedContent = filepath.Join("..", "..", "content")

// TestCommittedContentRoundTrip imports the committed content/ into an
// empty database and exports it again: every byte must come back, whatever
// editors have published. It asserts nothing about what content/ says.
func TestCommittedContentRoundTrip(t *testing.T) {
	app := pbtest.NewApp(t)
	want, err := atomicdir.ReadFiles(committedContent)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatalf("%s holds no files", committedContent)
	}
	tree, err := content.Parse(want)
	if err != nil {
		t.Fatalf("content/ does not parse: %v", err)
	}
	if _, err := records.Save(app, tree); err != nil {
		t.Fatalf("import content/: %v", err)
	}
	compareFiles(t, exportFiles(t, app), want)

	// A second import finds everything as it is.
	tree, err = content.Parse(want)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := records.Save(app, tree)
	if err != nil {
		t.Fatal(err)
	}
	if summary.Changed() {
		t.Errorf("second import changed records:\n%s", summary)
	}
}

// TestEdgeCasesRoundTrip sends hostile text, long text, empty optional
// fields and a PDF through the database.
func TestEdgeCasesRoundTrip(t *testing.T) {
	app := pbtest.NewApp(t)
	tree := contenttest.EdgeCases()
	want, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := records.Save(app, tree); err != nil {
		t.Fatalf("import: %v", err)
	}
	compareFiles(t, exportFiles(t, app), want)
}

func TestImportUpdatesAndRemoves(t *testing.T) {
	app := pbtest.NewApp(t)
	tree := contenttest.EdgeCases()
	if _, err := records.Save(app, tree); err != nil {
		t.Fatal(err)
	}
	changed := contenttest.EdgeCases()
	changed.Reports[1].Members = changed.Reports[1].Members[1:] // Kari no longer replaces anyone listed
	changed.Reports[1].Members[0].Replaces = ""
	changed.Projects[0].Title = "Nytt navn"
	summary, err := records.Save(app, changed)
	if err != nil {
		t.Fatal(err)
	}
	if got := summary[schema.Memberships].Removed; got != 1 {
		t.Errorf("removed %d memberships; want 1", got)
	}
	if got := summary[schema.Projects].Updated; got != 1 {
		t.Errorf("updated %d projects; want 1", got)
	}
	want, err := changed.Files()
	if err != nil {
		t.Fatal(err)
	}
	compareFiles(t, exportFiles(t, app), want)
}

// TestImportIsAllOrNothing makes the last record of an import fail in the
// database (a PDF that is not a PDF) and checks that nothing was stored.
func TestImportIsAllOrNothing(t *testing.T) {
	app := pbtest.NewApp(t)
	tree := contenttest.EdgeCases()
	tree.Reports[1].PDFData = []byte("<html>not a pdf</html>")
	_, err := records.Save(app, tree)
	if err == nil {
		t.Fatal("import with a bad PDF succeeded; want an error")
	}
	if !strings.Contains(err.Error(), "arsrapporter/2031/_index.md") {
		t.Errorf("error %q does not name the file", err)
	}
	for _, name := range []string{schema.Themes, schema.Partners, schema.Schemes, schema.PatientGroups, schema.Reports, schema.Memberships} {
		if n, err := app.CountRecords(name); err != nil || n != 0 {
			t.Errorf("%s has %d records after a failed import (err %v); want 0", name, n, err)
		}
	}
}

func TestExportLeavesOutDrafts(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	setStatus := func(collection, filter string) {
		t.Helper()
		r, err := app.FindFirstRecordByFilter(collection, filter)
		if err != nil {
			t.Fatal(err)
		}
		r.Set(schema.FieldStatus, schema.StatusDraft)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	setStatus(schema.Projects, "slug = 'fact-ung'")
	setStatus(schema.Sections, "slug = 'moteplan-for-2026'")
	setStatus(schema.Reports, "aar = 2024")
	setStatus(schema.Meetings, "aar = 2026")

	files := exportFiles(t, app)
	for _, gone := range []string{"prosjekter/fact-ung.md", "arsrapporter/2025/moteplan-for-2026.md", "arsrapporter/2024/_index.md", "arsrapporter/2024/utvidet-representasjon.md", "partnerskapsmoter/2026.md"} {
		if _, ok := files[gone]; ok {
			t.Errorf("draft %s was exported", gone)
		}
	}
	for _, kept := range []string{"prosjekter/barn-5-12-ar.md", "arsrapporter/2025/_index.md", "partnerskapsmoter/2025.md"} {
		if _, ok := files[kept]; !ok {
			t.Errorf("published %s was not exported", kept)
		}
	}
}
