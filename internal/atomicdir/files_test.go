package atomicdir_test

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

func bytesOf(texts map[string]string) map[string][]byte {
	files := map[string][]byte{}
	for name, text := range texts {
		files[name] = []byte(text)
	}
	return files
}

// TestWriteFilesKeepsUnchangedFiles writes twice: a file with the same
// bytes is the same file (linked, not written again), and a file changed
// by hand since is written anew.
func TestWriteFilesKeepsUnchangedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	files := bytesOf(map[string]string{"a/same.md": "same", "a/edited.md": "ours", "b.md": "old"})
	if _, err := atomicdir.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	stat := func(name string) os.FileInfo {
		t.Helper()
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	same := stat("a/same.md")
	if err := os.WriteFile(filepath.Join(dir, "a", "edited.md"), []byte("hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	files["b.md"] = []byte("new")
	if _, err := atomicdir.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(same, stat("a/same.md")) {
		t.Error("an unchanged file was written again")
	}
	got, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, files) {
		t.Errorf("after the second write the tree holds %q; want %q", got, files)
	}
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil || len(entries) != 1 {
		t.Errorf("%d entries beside the directory after two writes (%v); want only the directory", len(entries), err)
	}
}

// changeScenarios are the writes both WriteFiles and SyncFiles must report
// alike: the preview tells Hugo which files changed.
var changeScenarios = []struct {
	name        string
	first, then map[string]string
	want        atomicdir.Changes
}{
	{
		name:  "first write",
		first: nil,
		then:  map[string]string{"a/x.md": "x", "b.md": "b"},
		want:  atomicdir.Changes{Created: []string{"a/x.md", "b.md"}, Before: map[string][]byte{}},
	},
	{
		name:  "nothing changed",
		first: map[string]string{"a/x.md": "x", "b.md": "b"},
		then:  map[string]string{"a/x.md": "x", "b.md": "b"},
		want:  atomicdir.Changes{Before: map[string][]byte{}},
	},
	{
		name:  "one edited, one new, one gone",
		first: map[string]string{"a/x.md": "x", "a/gone.png": "png", "b.md": "b"},
		then:  map[string]string{"a/x.md": "x2", "b.md": "b", "c/new.md": "new"},
		want: atomicdir.Changes{
			Created: []string{"c/new.md"}, Written: []string{"a/x.md"}, Removed: []string{"a/gone.png"},
			Before: map[string][]byte{"a/x.md": []byte("x")},
		},
	},
	{
		name:  "an empty file kept",
		first: map[string]string{"e.md": ""},
		then:  map[string]string{"e.md": ""},
		want:  atomicdir.Changes{Before: map[string][]byte{}},
	},
}

func TestWriteFilesSaysWhatChanged(t *testing.T) {
	for _, s := range changeScenarios {
		t.Run(s.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "content")
			if s.first != nil {
				if _, err := atomicdir.WriteFiles(dir, bytesOf(s.first)); err != nil {
					t.Fatal(err)
				}
			}
			got, err := atomicdir.WriteFiles(dir, bytesOf(s.then))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Errorf("WriteFiles changed %+v; want %+v", got, s.want)
			}
			checkHolds(t, dir, s.then)
		})
	}
}

func TestSyncFilesSaysWhatChanged(t *testing.T) {
	for _, s := range changeScenarios {
		t.Run(s.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "content")
			var last map[string][]byte
			if s.first != nil {
				last = bytesOf(s.first)
				if _, err := atomicdir.SyncFiles(dir, nil, last); err != nil {
					t.Fatal(err)
				}
			}
			got, err := atomicdir.SyncFiles(dir, last, bytesOf(s.then))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Errorf("SyncFiles changed %+v; want %+v", got, s.want)
			}
			checkHolds(t, dir, s.then)
		})
	}
}

// TestSyncFilesTrustsLast: SyncFiles writes only what differs from last,
// without reading dir, so a file changed behind its back stays changed.
func TestSyncFilesTrustsLast(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	files := bytesOf(map[string]string{"a.md": "a", "b.md": "b"})
	if _, err := atomicdir.SyncFiles(dir, nil, files); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte("hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := atomicdir.SyncFiles(dir, files, files); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a.md")); string(got) != "hand" {
		t.Errorf("a.md = %q after a sync with nothing to do; want the hand edit kept (no read, no write)", got)
	}
}

func checkHolds(t *testing.T, dir string, want map[string]string) {
	t.Helper()
	got, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(got, bytesOf(want), slices.Equal) {
		t.Errorf("the directory holds %q; want %q", got, want)
	}
}
