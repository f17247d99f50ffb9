package migrations_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestVisibilityAgreesWithRules holds the one visibility predicate,
// schema.Public, to the API rules the migrations wrote: for every record
// of the matrix fixture (drafts, expired records, parts of draft and
// expired reports, live records), a visitor may view it exactly when
// Public says it is public, and the hidden records are those the matrix
// lists.
func TestVisibilityAgreesWithRules(t *testing.T) {
	app := newMatrixApp(t)
	guest := &core.RequestInfo{Query: map[string]string{}, Headers: map[string]string{}}
	now := time.Now()
	for _, name := range schema.Content {
		recs, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) == 0 {
			t.Errorf("%s: the fixture has no records", name)
		}
		for _, r := range recs {
			allowed, err := app.CanAccessRecord(r, guest, r.Collection().ViewRule)
			if err != nil {
				t.Fatalf("%s %s: %v", name, r.Id, err)
			}
			public := schema.Public(app, r, now)
			if public != allowed {
				t.Errorf("%s %s: schema.Public = %v, but the view rule lets a visitor see it: %v", name, r.Id, public, allowed)
			}
			if hidden := slices.Contains(hiddenRecords[name], r.Id); hidden == public {
				t.Errorf("%s %s: schema.Public = %v; the matrix lists it as hidden: %v", name, r.Id, public, hidden)
			}
		}
	}
}

// TestHiddenFilterAgreesWithPublic: the filter the preview's overview
// queries with finds exactly the records schema.Public hides.
func TestHiddenFilterAgreesWithPublic(t *testing.T) {
	app := newMatrixApp(t)
	now := time.Now()
	for _, name := range schema.Content {
		filter := schema.HiddenFilter(name)
		if filter == "" {
			t.Errorf("%s: HiddenFilter is empty, but every content collection has records that are not public", name)
			continue
		}
		all, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := app.FindRecordsByFilter(name, filter, "", 0, 0, map[string]any{"now": schema.NowParam(now)})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var ids []string
		for _, r := range hidden {
			ids = append(ids, r.Id)
		}
		for _, r := range all {
			if want := !schema.Public(app, r, now); slices.Contains(ids, r.Id) != want {
				t.Errorf("%s %s: HiddenFilter finds it: %v; hidden by schema.Public: %v", name, r.Id, !want, want)
			}
		}
	}
}

// TestLiveFilterAgreesWithPublic: the filter the exporter queries with
// finds exactly the records of a publishable collection that are live.
func TestLiveFilterAgreesWithPublic(t *testing.T) {
	app := newMatrixApp(t)
	now := time.Now()
	for _, name := range schema.Publishable {
		all, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		live, err := app.FindRecordsByFilter(name, schema.LiveFilter, "", 0, 0, map[string]any{"now": schema.NowParam(now)})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range live {
			ids = append(ids, r.Id)
		}
		for _, r := range all {
			if want := schema.Live(r, now); slices.Contains(ids, r.Id) != want {
				t.Errorf("%s %s: LiveFilter finds it: %v; schema.Live: %v", name, r.Id, !want, want)
			}
		}
	}
}
