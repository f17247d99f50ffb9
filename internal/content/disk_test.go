package content_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

func TestWriteReplacesTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	tree := contenttest.EdgeCases()
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "prosjekter", "tomt.md")
	if _, err := os.Stat(gone); err != nil {
		t.Fatalf("first write: %v", err)
	}
	tree.Projects = tree.Projects[:1]
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("stat %s after the project was removed: %v; want not exist", gone, err)
	}
	read, err := content.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(read, tree) {
		t.Errorf("read back a different tree:\ngot  %+v\nwant %+v", read, tree)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("%d entries beside content/ after two writes; want only content/ (no temporary trees left)", len(entries))
	}
}

func TestInvalidTreeIsNotWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := contenttest.EdgeCases().Write(dir); err != nil {
		t.Fatal(err)
	}
	before, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	bad := contenttest.EdgeCases()
	bad.Projects[0].Title = ""
	if err := bad.Write(dir); err == nil {
		t.Fatal("writing a tree with an empty title succeeded; want an error")
	}
	synced := &content.SyncedDir{Dir: dir}
	if _, _, err := synced.Sync(contenttest.EdgeCases()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := synced.Sync(bad); err == nil {
		t.Fatal("syncing a tree with an empty title succeeded; want an error")
	}
	after, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a failed write changed the content directory")
	}
}

// TestSyncedDirHoldsTheTree: after each Sync the directory holds exactly
// the tree's files, whether a page was edited, removed, or put back as it
// was, and a page is written only when it changed.
func TestSyncedDirHoldsTheTree(t *testing.T) {
	synced := &content.SyncedDir{Dir: filepath.Join(t.TempDir(), "content")}
	tree := contenttest.EdgeCases()
	if _, whole, err := synced.Sync(tree); err != nil || !whole {
		t.Fatalf("first sync: whole %v, err %v; want the whole directory written", whole, err)
	}
	body := tree.Projects[0].Body
	steps := []struct {
		name    string
		edit    func()
		written int
	}{
		{"one project edited, one removed", func() {
			tree.Projects[0].Body += "\n\nEn ny setning."
			tree.Projects = tree.Projects[:len(tree.Projects)-1]
		}, 1},
		{"the edit undone", func() { tree.Projects[0].Body = body }, 1},
		{"nothing changed", func() {}, 0},
		{"a report retitled", func() { tree.Reports[0].Title = "Årsrapport med ny tittel" }, 1},
	}
	for _, step := range steps {
		step.edit()
		changes, whole, err := synced.Sync(tree)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if whole || len(changes.Written) != step.written {
			t.Errorf("%s: whole %v, wrote %v; want %d files written", step.name, whole, changes.Written, step.written)
		}
		got, err := atomicdir.ReadFiles(synced.Dir)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tree.Files()
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the directory does not hold the tree's files", step.name)
		}
	}
}
