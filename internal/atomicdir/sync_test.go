package atomicdir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestReplaceSyncsBeforeSwap: the new tree, and the parent holding its
// name, reach the disk before the swap, and the parent again after it, or
// a power cut could leave dst empty or half written.
func TestReplaceSyncsBeforeSwap(t *testing.T) {
	parent := t.TempDir()
	dst := filepath.Join(parent, "public")
	write := func(text string) func(string) error {
		return func(dir string) error { return os.WriteFile(filepath.Join(dir, "a.html"), []byte(text), 0o644) }
	}
	if err := Replace(dst, write("gammel")); err != nil {
		t.Fatal(err)
	}
	// What was flushed, in order, each with what dst held at that moment.
	var events []string
	held := func() string { data, _ := os.ReadFile(filepath.Join(dst, "a.html")); return string(data) }
	realFile, realTree := syncFile, syncTree
	t.Cleanup(func() { syncFile, syncTree = realFile, realTree })
	syncFile = func(path string) error {
		if filepath.Clean(path) != filepath.Clean(parent) {
			t.Errorf("synced %s; want only the parent", path)
		}
		events = append(events, "parent, dst "+held())
		return realFile(path)
	}
	syncTree = func(dir string) error {
		data, _ := os.ReadFile(filepath.Join(dir, "a.html"))
		events = append(events, "tree "+string(data)+", dst "+held())
		return realTree(dir)
	}
	if err := Replace(dst, write("ny")); err != nil {
		t.Fatal(err)
	}
	want := []string{"tree ny, dst gammel", "parent, dst gammel", "parent, dst ny"}
	if !slices.Equal(events, want) {
		t.Errorf("flushed %q; want %q", events, want)
	}
}

func TestFlushTree(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.html"), []byte("a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := flushTree(dir); err != nil {
		t.Errorf("flushTree: %v", err)
	}
	if err := flushTree(filepath.Join(dir, "borte")); err == nil {
		t.Error("flushTree of a missing directory: no error")
	}
}
