package atomicdir_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestReplaceReusing gives each fill the tree from two replaces before, and
// leaves dst exactly as the fill made it.
func TestReplaceReusing(t *testing.T) {
	parent := t.TempDir()
	dst := filepath.Join(parent, "public")
	var seen []string
	build := func(name string) func(string) error {
		return func(dir string) error {
			entries, err := os.ReadDir(dir)
			if err != nil {
				return err
			}
			names := []string{}
			for _, e := range entries {
				names = append(names, e.Name())
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return err
				}
			}
			seen = append(seen, strings.Join(names, ","))
			return write(name, name)(dir)
		}
	}
	for _, name := range []string{"1.html", "2.html", "3.html", "4.html"} {
		if err := atomicdir.ReplaceReusing(dst, build(name)); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"", "", "1.html", "2.html"}; !slices.Equal(seen, want) {
		t.Errorf("the fills found %q; want %q (the tree before the previous one)", seen, want)
	}
	entries, _ := os.ReadDir(dst)
	if len(entries) != 1 || entries[0].Name() != "4.html" {
		t.Errorf("dst holds %v; want only 4.html", entries)
	}

	failure := errors.New("bygging feilet")
	if err := atomicdir.ReplaceReusing(dst, func(string) error { return failure }); !errors.Is(err, failure) {
		t.Fatalf("ReplaceReusing = %v; want the fill error", err)
	}
	if got, err := os.ReadFile(filepath.Join(dst, "4.html")); err != nil || string(got) != "4.html" {
		t.Errorf("after a failed fill, 4.html = %q, %v; want the previous tree", got, err)
	}
	entries, _ = os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("%d entries beside the tree after a failed fill; want the half-made tree removed", len(entries))
	}
}
