package contenttest_test

import (
	"bytes"
	"maps"
	"slices"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestSeedIsExporterOutput guards the frozen seed: it parses (which
// validates it), and writing the parsed tree gives every file back byte
// for byte, as the exporter wrote it.
func TestSeedIsExporterOutput(t *testing.T) {
	files, err := atomicdir.ReadFiles(contenttest.SeedDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s holds no files", contenttest.SeedDir())
	}
	tree, err := content.Parse(files)
	if err != nil {
		t.Fatalf("the frozen seed does not parse: %v", err)
	}
	got, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if g, ok := got[name]; !ok {
			t.Errorf("%s is not written again from the parsed seed", name)
		} else if !bytes.Equal(g, files[name]) {
			t.Errorf("%s is not in the exporter's format:\ngot\n%s\nwant\n%s", name, g, files[name])
		}
	}
	for name := range got {
		if _, ok := files[name]; !ok {
			t.Errorf("the parsed seed writes %s, which is not in it", name)
		}
	}
}
