package records_test

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/archive"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestBackupRestore takes a backup as the admin's Backups page and
// POST /api/backups do (app.CreateBackup), restores it as docs/backup.md
// says (the zip unpacked into a fresh data directory, which PocketBase's
// own restore does too) and opens a new app on it: the export, files
// included, is byte for byte the same, and so are the drafts, every
// collection's records and the editors' sign-in.
func TestBackupRestore(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)

	draft := newProject(t, app, "Et utkast som bare finnes i databasen", "")
	draft.Set(schema.FieldBody, "Utkastet skal være med i sikkerhetskopien.")
	if err := app.Save(draft); err != nil {
		t.Fatal(err)
	}
	project, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	img, err := filesystem.NewFileFromBytes(contenttest.PNG(320, 200), "foto.png")
	if err != nil {
		t.Fatal(err)
	}
	project.Set(schema.FieldImage, img)
	project.Set(schema.FieldImageAlt, "Et team i samtale")
	if err := app.Save(project); err != nil {
		t.Fatal(err)
	}
	report, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := filesystem.NewFileFromBytes(contenttest.PDF, "rapport.pdf")
	if err != nil {
		t.Fatal(err)
	}
	report.Set("pdf", pdf)
	if err := app.Save(report); err != nil {
		t.Fatal(err)
	}

	editors, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	editor := core.NewRecord(editors)
	editor.SetEmail("redaktor@example.org")
	editor.SetPassword("Et-langt-passord-2026")
	if err := app.Save(editor); err != nil {
		t.Fatal(err)
	}

	before := exportBoth(t, app)
	for _, file := range []string{"prosjekter/fact-ung/bilde.png", "arsrapporter/2025/" + content.PDFName(2025)} {
		if len(before.published[file]) == 0 {
			t.Fatalf("the export lacks %s; the test would not compare files", file)
		}
	}
	if len(before.preview) <= len(before.published) {
		t.Fatal("the draft is not in the preview export; the test would not compare drafts")
	}

	if err := app.CreateBackup(context.Background(), "x.zip"); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "pb_data")
	if err := archive.Extract(filepath.Join(app.DataDir(), "backups", "x.zip"), restored); err != nil {
		t.Fatal(err)
	}
	app2 := core.NewBaseApp(core.BaseAppConfig{DataDir: restored})
	if err := app2.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	defer app2.ResetBootstrapState()

	after := exportBoth(t, app2)
	for name, got := range map[string][2]map[string][]byte{
		"the export":                  {before.published, after.published},
		"the preview export (drafts)": {before.preview, after.preview},
	} {
		if !maps.EqualFunc(got[0], got[1], bytes.Equal) {
			t.Errorf("%s after the restore differs: %d files before, %d after", name, len(got[0]), len(got[1]))
		}
	}
	if su, err := app2.FindAuthRecordByEmail(core.CollectionNameSuperusers, "redaktor@example.org"); err != nil || !su.ValidatePassword("Et-langt-passord-2026") {
		t.Errorf("the editor cannot sign in with the same password after the restore (%v)", err)
	}

	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range collections {
		want, err := app.CountRecords(c.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := app2.CountRecords(c.Name); err != nil || got != want {
			t.Errorf("%s: %d records after the restore (%v); want %d", c.Name, got, err, want)
		}
	}
}

type exported struct{ published, preview map[string][]byte }

func exportBoth(t *testing.T, app core.App) exported {
	t.Helper()
	var e exported
	for _, load := range []struct {
		fn  func(core.App, time.Time) (*content.Tree, []content.Problem, error)
		out *map[string][]byte
	}{{records.Load, &e.published}, {records.LoadPreview, &e.preview}} {
		tree, _, err := load.fn(app, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if *load.out, err = tree.Files(); err != nil {
			t.Fatal(err)
		}
	}
	return e
}
