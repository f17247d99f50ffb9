package preview

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
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

// TestOverviewListsWhatIsNotPublic: the overview's list is what
// schema.Public hides: a draft, a page past its unpublish time and a
// published section of a draft report, and nothing that is public.
func TestOverviewListsWhatIsNotPublic(t *testing.T) {
	app := pbtest.NewApp(t)
	tree := &content.Tree{
		Reports: []content.Report{
			{Title: "Utkastrapport", Year: 2031, Draft: true, Sections: []content.Section{{Slug: "publisert-del", Title: "Publisert del i utkast"}}},
			{Title: "Publisert rapport", Year: 2032, Sections: []content.Section{{Slug: "del", Title: "Synlig del"}}},
		},
		Projects: []content.Project{
			{Slug: "utkast", Title: "Utkastprosjekt", Year: 2031, Draft: true},
			{Slug: "utlopt", Title: "Utløpt prosjekt", Year: 2031},
			{Slug: "synlig", Title: "Synlig prosjekt", Year: 2031},
		},
	}
	if _, err := records.Save(app, tree); err != nil {
		t.Fatal(err)
	}
	expired, err := app.FindFirstRecordByData(schema.Projects, schema.FieldSlug, "utlopt")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2031, time.March, 1, 12, 0, 0, 0, time.UTC)
	expired.Set(schema.FieldUnpublishAt, now.Add(-time.Hour))
	if err := app.Save(expired); err != nil {
		t.Fatal(err)
	}
	// A working copy of the visible project.
	visible, err := app.FindFirstRecordByData(schema.Projects, schema.FieldSlug, "synlig")
	if err != nil {
		t.Fatal(err)
	}
	copied := core.NewRecord(visible.Collection())
	copied.Load(map[string]any{"tittel": "Arbeidskopi av synlig prosjekt", "slug": "synlig", "aar": 2031, "status": "utkast", schema.FieldWorkingCopyOf: visible.Id})
	if err := app.Save(copied); err != nil {
		t.Fatal(err)
	}

	items, err := notPublic(app, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Title)
	}
	slices.Sort(got)
	want := []string{"Arbeidskopi av synlig prosjekt", "Publisert del i utkast", "Utkastprosjekt", "Utkastrapport", "Utløpt prosjekt"}
	if !slices.Equal(got, want) {
		t.Errorf("not public: %q; want %q", got, want)
	}
	for _, it := range items {
		if it.Title == "Publisert del i utkast" && !strings.Contains(it.Note, "rapporten er publisert") {
			t.Errorf("note of the published section in a draft report = %q; want it to say it waits for the report", it.Note)
		}
		if it.Title == "Arbeidskopi av synlig prosjekt" && (!strings.Contains(it.Note, "arbeidskopi") || it.URL != "/forhandsvisning/prosjekter/synlig/") {
			t.Errorf("the working copy in the overview: note %q, address %q; want it named a working copy, at the live page's address", it.Note, it.URL)
		}
	}
}
