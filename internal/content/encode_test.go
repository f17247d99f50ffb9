package content_test

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestEdgeCasesRoundTrip(t *testing.T) {
	tree := contenttest.EdgeCases()
	files, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := content.Parse(files)
	if err != nil {
		t.Fatalf("parse what was written: %v", err)
	}
	if !reflect.DeepEqual(parsed, tree) {
		t.Errorf("parse(files(tree)) differs from tree:\ngot  %+v\nwant %+v", parsed, tree)
	}
	again, err := parsed.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s changed on the second write:\ngot  %q\nwant %q", name, again[name], data)
		}
	}
	if len(again) != len(files) {
		t.Errorf("second write has %d files; want %d", len(again), len(files))
	}
}

func TestNoShortcodeReachesHugo(t *testing.T) {
	files, err := contenttest.EdgeCases().Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		// Hugo looks for shortcodes only in the body, after the front matter.
		_, body, _ := bytes.Cut(data[3:], []byte("\n+++\n"))
		if bytes.Contains(body, []byte("{{<")) || bytes.Contains(body, []byte("{{%")) {
			t.Errorf("%s has shortcode syntax in its body that Hugo would run", name)
		}
	}
}

// TestGolden pins the exact bytes the exporter writes. Run with -update
// after a deliberate format change and review the diff.
func TestGolden(t *testing.T) {
	files, err := contenttest.EdgeCases().Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := atomicdir.WriteFiles(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	onDisk, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !bytes.Equal(onDisk[name], files[name]) {
			t.Errorf("%s differs from the golden file:\ngot\n%s\nwant\n%s", name, files[name], onDisk[name])
		}
	}
	for name := range onDisk {
		if _, ok := files[name]; !ok {
			t.Errorf("golden file %s is no longer written", name)
		}
	}
}
