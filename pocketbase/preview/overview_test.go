package preview

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
)

// TestPageURLsFollowTheLayout: the overview links every record to the
// preview address of a page of its tree, and every page of the tree is
// reached, for fixtures with every page type, with and without an image.
func TestPageURLsFollowTheLayout(t *testing.T) {
	trees := map[string]*content.Tree{
		"EdgeCases":  contenttest.EdgeCases(),
		"EveryField": contenttest.EveryField([]string{"Tekst", "Nordmann"}), // texts PocketBase takes as link addresses,
	}
	for name, tree := range trees {
		t.Run(name, func(t *testing.T) {
			app := pbtest.NewApp(t)
			if _, err := records.Save(app, tree); err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{}
			for page := range tree.Pages() {
				want[Path+strings.TrimPrefix(page.URL, "/")] = true
			}
			got := map[string]bool{}
			for collection := range labels {
				recs, err := app.FindAllRecords(collection)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range recs {
					url := pageURL(app, r)
					if !want[url] {
						t.Errorf("%s record %s links to %s, which is no page of the tree", collection, r.Id, url)
					}
					got[url] = true
				}
			}
			for _, url := range slices.Sorted(maps.Keys(want)) {
				if !got[url] {
					t.Errorf("no record links to the page %s", url)
				}
			}
		})
	}
}
