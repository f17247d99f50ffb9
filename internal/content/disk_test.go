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
	if _, files, err := bad.Sync(dir, before); err == nil || files != nil {
		t.Fatalf("syncing a tree with an empty title gave files %v and error %v; want no files and an error", files != nil, err)
	}
	after, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a failed write changed the content directory")
	}
}

// TestSyncReturnsItsFiles: what Sync returns is what the next Sync gets as
// the directory's files, so it must be exactly what is in the directory.
func TestSyncReturnsItsFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	tree := contenttest.EdgeCases()
	_, last, err := tree.Sync(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	tree.Projects[0].Body += "\n\nEn ny setning."
	tree.Projects = tree.Projects[:len(tree.Projects)-1]
	changes, now, err := tree.Sync(dir, last)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes.Written) != 1 || len(changes.Removed) == 0 {
		t.Errorf("sync after one edit and one removal changed %+v; want one file written and the removed project's files removed", changes)
	}
	got, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, now) {
		t.Error("after the sync the directory does not hold the files Sync returned")
	}
}
