package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestUnreadableFilesLeaveOutOnlyThemselves: files stored before today's
// checks, or lost from the file storage, never stop an export. A project
// whose image is cut short (its header is whole, so only decoding it, as
// Hugo does, finds out) is left out; a report whose PDF is gone stays,
// without the PDF. Both are named, in Norwegian.
func TestUnreadableFilesLeaveOutOnlyThemselves(t *testing.T) {
	app := pbtest.NewApp(t)
	png := contenttest.PNG(64, 48)
	cut, err := filesystem.NewFileFromBytes(png[:len(png)/2], "bilde.png")
	if err != nil {
		t.Fatal(err)
	}
	project := core.NewRecord(mustCollection(t, app, schema.Projects))
	project.Set(schema.FieldTitle, "Kuttet bilde")
	project.Set(schema.FieldSlug, "kuttet-bilde")
	project.Set(schema.FieldYear, 2031)
	project.Set(schema.FieldStatus, schema.StatusPublished)
	project.Set(schema.FieldImage, cut)
	project.Set(schema.FieldImageAlt, "Et bilde")
	if err := app.SaveNoValidate(project); err != nil { // as old data was stored
		t.Fatal(err)
	}
	pdf, err := filesystem.NewFileFromBytes(contenttest.PDF, "rapport.pdf")
	if err != nil {
		t.Fatal(err)
	}
	report := core.NewRecord(mustCollection(t, app, schema.Reports))
	report.Set(schema.FieldYear, 2031)
	report.Set(schema.FieldTitle, "Rapport 2031")
	report.Set(schema.FieldStatus, schema.StatusPublished)
	report.Set("pdf", pdf)
	if err := app.Save(report); err != nil {
		t.Fatal(err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	if err := fsys.Delete(report.BaseFilesPath() + "/" + report.GetString("pdf")); err != nil {
		t.Fatal(err)
	}
	fsys.Close()

	tree, problems, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if len(tree.Projects) != 0 {
		t.Errorf("projects %+v; want the one with the cut image left out", tree.Projects)
	}
	if len(tree.Reports) != 1 || tree.Reports[0].PDF != "" {
		t.Errorf("reports %+v; want the report, without its PDF", tree.Reports)
	}
	var said []string
	for _, p := range problems {
		said = append(said, p.String())
	}
	all := strings.Join(said, "\n")
	for _, want := range []string{"/prosjekter/kuttet-bilde/", "bildet kan ikke leses", "opprinnelig-arsrapport-2031.pdf", "kan ikke leses fra fillageret"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems %q; want them to name %q", all, want)
		}
	}
	if strings.Contains(all, "read ") || strings.Contains(all, "no such") {
		t.Errorf("problems %q are partly English", all)
	}
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
