package atomicdir_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

func write(name, text string) func(string) error {
	return func(dir string) error { return os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644) }
}

func TestReplace(t *testing.T) {
	parent := t.TempDir()
	dst := filepath.Join(parent, "public")

	if err := atomicdir.Replace(dst, write("a.html", "første")); err != nil {
		t.Fatal(err)
	}
	if err := atomicdir.Replace(dst, write("b.html", "andre")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "a.html")); !os.IsNotExist(err) {
		t.Errorf("a.html from the first tree survived the replace: %v", err)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "b.html")); err != nil || string(got) != "andre" {
		t.Errorf("b.html = %q, %v; want %q", got, err, "andre")
	}

	failure := errors.New("bygging feilet")
	if err := atomicdir.Replace(dst, func(dir string) error {
		write("c.html", "halvferdig")(dir)
		return failure
	}); !errors.Is(err, failure) {
		t.Fatalf("Replace = %v; want the fill error", err)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "b.html")); err != nil || string(got) != "andre" {
		t.Errorf("after a failed fill, b.html = %q, %v; want the previous tree", got, err)
	}
	if _, err := os.Stat(filepath.Join(dst, "c.html")); !os.IsNotExist(err) {
		t.Errorf("a failed fill leaked c.html into the tree: %v", err)
	}
	entries, err := os.ReadDir(parent)
	if err != nil || len(entries) != 1 {
		t.Errorf("%d entries beside the tree (%v); want no temporary directories left", len(entries), err)
	}
}
