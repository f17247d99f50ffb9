package documents_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/documents"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestPublicationMakesThePDFs: after a publication the server stores a PDF
// of each published report with the report, which the export then writes
// beside it; a second run finds them as they were and stores nothing.
func TestPublicationMakesThePDFs(t *testing.T) {
	tools, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	clock := debounce.NewFake(time.Date(2026, time.March, 1, 12, 0, 0, 0, content.Zone))
	maker, err := documents.Register(app, documents.Config{ToolsDir: tools, Quiet: 5 * time.Second, Clock: clock})
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v (CI=true: the PDF tests must run)", err)
		}
		t.Skip(err)
	}

	publications, err := app.FindCollectionByNameOrId(schema.Publications)
	if err != nil {
		t.Fatal(err)
	}
	publication := core.NewRecord(publications)
	publication.Set("aarsak", "test")
	publication.Set(schema.FieldStatus, "venter")
	if err := app.Save(publication); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Second)
	maker.Wait()

	tree, _, err := records.Load(app, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, r := range tree.Reports {
		if !bytes.HasPrefix(r.DocumentData, []byte("%PDF-")) {
			t.Errorf("the report of %d has no PDF after a publication", r.Year)
		}
		years = append(years, r.Year)
	}
	if len(years) == 0 {
		t.Fatal("the seed has no published report")
	}

	saved, err := maker.Make(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) > 0 {
		t.Errorf("a second run stored the PDFs of %v again; want none, the reports are as they were", saved)
	}
}
