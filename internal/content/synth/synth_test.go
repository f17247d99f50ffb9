package synth_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/synth"
)

func TestTree(t *testing.T) {
	tree := synth.Tree(2000, 3)
	if err := tree.Validate(); err != nil {
		t.Fatalf("synthetic tree does not validate: %v", err)
	}
	if !reflect.DeepEqual(tree, synth.Tree(2000, 3)) {
		t.Error("two trees with the same arguments differ")
	}
	pages := len(tree.Projects) + len(tree.Meetings)
	for _, r := range tree.Reports {
		pages += 1 + len(r.Sections)
	}
	for _, c := range tree.Committees {
		pages += len(c.Statuses)
	}
	if want := 3 * synth.PagesPerYear; pages != want {
		t.Errorf("%d pages for 3 years; want %d", pages, want)
	}

	files, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := content.Parse(files)
	if err != nil {
		t.Fatalf("parse the synthetic tree: %v", err)
	}
	again, err := parsed.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s changed on the second write", name)
		}
	}
	var æøå int
	for _, data := range files {
		æøå += bytes.Count(data, []byte("ø")) + bytes.Count(data, []byte("å")) + bytes.Count(data, []byte("æ"))
	}
	if æøå == 0 {
		t.Error("the synthetic text has no æ, ø or å")
	}
}
