package contenttest_test

import (
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
	missing, differ, extra := contenttest.Diff(got, files)
	for _, name := range missing {
		t.Errorf("%s is not written again from the parsed seed", name)
	}
	for _, name := range differ {
		t.Errorf("%s is not in the exporter's format:\ngot\n%s\nwant\n%s", name, got[name], files[name])
	}
	for _, name := range extra {
		t.Errorf("the parsed seed writes %s, which is not in it", name)
	}
}
