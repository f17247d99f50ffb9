package records_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/synth"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
)

// benchTrees are the seed content and the synthetic archives, by size name.
func benchTrees(b *testing.B) map[string]*content.Tree {
	seed, err := content.Read(contenttest.SeedDir())
	if err != nil {
		b.Fatal(err)
	}
	trees := map[string]*content.Tree{"seed": seed}
	for _, s := range synth.Sizes {
		trees[s.Name] = s.Tree()
	}
	return trees
}

var benchOrder = []string{"seed", "1k", "10k"}

// BenchmarkImport measures loading a whole tree into an empty database.
func BenchmarkImport(b *testing.B) {
	trees := benchTrees(b)
	for _, name := range benchOrder {
		tree := trees[name]
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				app := pbtest.NewApp(b)
				b.StartTimer()
				if _, err := records.Save(app, tree); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(tree.Records()), "records")
		})
	}
}

// BenchmarkExport measures `ssu export` as it runs after an edit: reading
// every published record and replacing the content directory, which holds
// the previous export, with the files.
func BenchmarkExport(b *testing.B) {
	trees := benchTrees(b)
	for _, name := range benchOrder {
		b.Run(name, func(b *testing.B) {
			app := pbtest.NewApp(b)
			if _, err := records.Save(app, trees[name]); err != nil {
				b.Fatal(err)
			}
			dir := filepath.Join(b.TempDir(), "content")
			export := func() {
				tree, _, err := records.Load(app, time.Now())
				if err != nil {
					b.Fatal(err)
				}
				if err := tree.Write(dir); err != nil {
					b.Fatal(err)
				}
			}
			export()
			for b.Loop() {
				export()
			}
			b.ReportMetric(float64(trees[name].Records()), "records")
		})
	}
}
