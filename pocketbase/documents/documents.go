// Package documents makes the PDF of every published report on the editing
// server, where Chromium is, so that it travels with the content to a
// build machine that has none. After each publication (a record in
// publiseringer, which the netlify package writes once a burst of public
// changes is over) it exports the public content into a scratch
// directory, builds the site there, prints every report page and stores
// each PDF whose bytes changed in the report's dokument field. That save
// is a public change of its own: the next publication carries the new PDF
// to the site, and the run after it finds every PDF as it was.
package documents

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/internal/pdf"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// Config says how the PDFs are made.
type Config struct {
	ToolsDir string         // the directory with node_modules/playwright-core
	BaseURL  string         // the public site's address; "" keeps the one in hugo.toml
	Quiet    time.Duration  // wait this long after the last publication
	Clock    debounce.Clock // times the wait, and is the build's clock
}

// Maker makes the report PDFs.
type Maker struct {
	app  core.App
	cfg  Config
	runs *debounce.Debouncer
}

// Register makes the PDFs after each publication from now on. `ssu serve`
// registers it when it starts: a command that only imports or builds
// makes none. Without Node, playwright-core or Chromium it registers
// nothing and says in one line what is missing.
func Register(app core.App, cfg Config) (*Maker, error) {
	if _, err := pdf.New("", cfg.ToolsDir); err != nil {
		return nil, err
	}
	m := &Maker{app: app, cfg: cfg}
	m.runs = debounce.New(debounce.Config{Quiet: cfg.Quiet, Clock: cfg.Clock}, func() {
		years, err := m.Make(context.Background())
		switch {
		case err != nil:
			app.Logger().Error("Kunne ikke lage PDF av årsrapportene", "error", err.Error())
		case len(years) > 0:
			app.Logger().Info("Lagde ny PDF av årsrapporter", "år", fmt.Sprint(years))
		}
	})
	app.OnRecordAfterCreateSuccess(schema.Publications).BindFunc(func(e *core.RecordEvent) error {
		m.runs.Trigger()
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		m.runs.Stop()
		return e.Next()
	})
	return m, nil
}

// Wait returns when no run is due or running.
func (m *Maker) Wait() { m.runs.Wait() }

// Make prints every published report and stores each PDF that changed. It
// returns the years whose PDF it stored.
func (m *Maker) Make(ctx context.Context) ([]int, error) {
	tmp, err := os.MkdirTemp("", "ssu-documents-")
	if err != nil {
		return nil, fmt.Errorf("report PDFs: %w", err)
	}
	defer os.RemoveAll(tmp)
	contentDir, out := filepath.Join(tmp, "content"), filepath.Join(tmp, "public")
	printer, err := pdf.New(out, m.cfg.ToolsDir)
	if err != nil {
		return nil, err
	}
	// What the export leaves out is reported by the publication that
	// exported it; the PDFs are made of what is published.
	tree, _, err := records.Load(m.app, m.cfg.Clock.Now())
	if err != nil {
		return nil, fmt.Errorf("report PDFs: %w", err)
	}
	if err := tree.Write(contentDir); err != nil {
		return nil, fmt.Errorf("report PDFs: %w", err)
	}
	opts := site.Options{ContentDir: contentDir, OutDir: out, BaseURL: m.cfg.BaseURL, Clock: m.cfg.Clock.Now}
	if _, err := site.Build(ctx, opts); err != nil {
		return nil, fmt.Errorf("report PDFs: %w", err)
	}
	paths := make([]string, len(tree.Reports))
	for i, r := range tree.Reports {
		paths[i] = r.Location().URL
	}
	docs, err := printer.Print(ctx, paths)
	if err != nil {
		return nil, err
	}
	var saved []int
	for i, r := range tree.Reports {
		changed, err := records.SaveDocument(m.app, r.Year, docs[i])
		if err != nil {
			return saved, err
		}
		if changed {
			saved = append(saved, r.Year)
		}
	}
	return saved, nil
}
