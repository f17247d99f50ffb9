package contenttest_test

import (
	"bytes"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestEveryField: the tree is valid, holds each text in its fields, and
// round-trips unchanged, as its documentation says.
func TestEveryField(t *testing.T) {
	texts := []string{
		"Vanlig tekst",
		"Kari Nordmann", // the name EveryField gives the member who replaces another
		string([]rune(strings.ReplaceAll(contenttest.Hostile, "\n", " "))[:150]),
		"to\nlinjer",
		strings.Repeat("æ", content.MaxTitle),
		"{{< x >}} +++ \"\"\" <script>",
	}
	tree := contenttest.EveryField(texts)
	if err := tree.Validate(); err != nil {
		t.Fatal(err)
	}
	files, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := content.Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, tree) {
		t.Errorf("Parse(Files(EveryField)) differs:\ngot  %+v\nwant %+v", parsed, tree)
	}
	again, err := parsed.Files()
	if err != nil || !maps.EqualFunc(again, files, bytes.Equal) {
		t.Errorf("the second write differs (err %v)", err)
	}

	for i, s := range texts {
		r := tree.Reports[i]
		if r.Title != s || r.Description != s || r.Members[0].Name != s || r.Links[0].Title != s || r.Sections[0].Alt != s {
			t.Errorf("text %d is not in the report's fields: %+v", i, r)
		}
		for _, page := range contenttest.EveryFieldPages(i) {
			if !tree.Paths()["/"+page+"/"] {
				t.Errorf("EveryFieldPages(%d) names %s, which the tree does not have", i, page)
			}
		}
	}
}
