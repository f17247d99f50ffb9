package records_test

import (
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestPageOfEveryRecord: every content record of the EveryField tree has a
// page, and it is a page the tree has; every page is some record's.
func TestPageOfEveryRecord(t *testing.T) {
	app := pbtest.NewApp(t)
	if _, err := records.Save(app, contenttest.EveryField([]string{"Tekst"})); err != nil {
		t.Fatal(err)
	}
	tree, _, err := records.LoadPreview(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]bool{}
	for p := range tree.Pages() {
		pages[p.URL] = false
	}
	for _, name := range schema.Content {
		recs, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			t.Errorf("the fixture has no %s", name)
		}
		for _, r := range recs {
			loc, ok := records.PageOf(app, r)
			if _, known := pages[loc.URL]; !ok || !known {
				t.Errorf("%s %s: page %q (%v); want one of the tree's pages", name, r.Id, loc.URL, ok)
				continue
			}
			pages[loc.URL] = true
		}
	}
	for url, reached := range pages {
		if !reached {
			t.Errorf("page %s is no record's page", url)
		}
	}
}
