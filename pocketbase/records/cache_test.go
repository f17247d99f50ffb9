package records_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestCacheLoadsWhatTheDatabaseHolds: after each kind of change, a load
// through the cache (one cache for the public and the preview loads, as
// the two use different queries) gives the tree and problems a load from the database
// gives, including the columns written without a new update time (a
// report's sist_endret when a member changes, a child's old addresses)
// and a save that left the update time as it was.
func TestCacheLoadsWhatTheDatabaseHolds(t *testing.T) {
	app := pbtest.NewApp(t)
	if _, err := records.Save(app, contenttest.EveryField([]string{"Tekst"})); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	cache := records.NewCache(app)
	first := func(collection string) *core.Record {
		filter := ""
		if slices.Contains(schema.Publishable, collection) {
			filter = schema.FieldWorkingCopyOf + " = ''"
		}
		recs, err := app.FindRecordsByFilter(collection, filter, "", 1, 0)
		if err != nil || len(recs) == 0 {
			t.Fatalf("no %s: %v", collection, err)
		}
		return recs[0]
	}
	save := func(r *core.Record, field string, value any) {
		r.Set(field, value)
		if err := app.Save(r); err != nil {
			t.Fatalf("save %s %s: %v", r.Collection().Name, field, err)
		}
	}
	steps := []struct {
		name string
		edit func()
	}{
		{"nothing yet", func() {}},
		{"a project's text", func() { save(first(schema.Projects), schema.FieldBody, "Ny tekst om prosjektet.") }},
		{"a section's text", func() { save(first(schema.Sections), schema.FieldBody, "Ny tekst i delen.") }},
		{"a member renamed, which dates the report", func() { save(first(schema.Memberships), schema.FieldName, "Nytt Navn") }},
		{"a report's slug-bearing year unchanged, its title", func() { save(first(schema.Reports), schema.FieldTitle, "Ny tittel på rapporten") }},
		{"a term renamed", func() { save(first(schema.TermCollections["tema"]), schema.FieldName, "Nytt temanavn") }},
		{"a committee moved, which gives its statuses old addresses", func() { save(first(schema.Committees), schema.FieldSlug, "nytt-utvalgsnavn") }},
		{"a project saved twice within its update time's millisecond", func() {
			r := first(schema.Projects)
			stamps := dbx.Params{"updated": r.GetString("updated"), "sist_endret": r.GetString("sist_endret")}
			save(r, schema.FieldBody, "Tekst lagret to ganger i samme millisekund.")
			// The second save's times are the first's, as two saves in one
			// millisecond have.
			if _, err := app.DB().Update(schema.Projects, stamps, dbx.HashExp{"id": r.Id}).Execute(); err != nil {
				t.Fatal(err)
			}
		}},
		{"a meeting deleted", func() {
			if err := app.Delete(first(schema.Meetings)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a project unpublished", func() { save(first(schema.Projects), schema.FieldStatus, schema.StatusDraft) }},
		{"a later time", func() { now = now.Add(400 * 24 * time.Hour) }},
	}
	for _, step := range steps {
		step.edit()
		for _, load := range []struct {
			name         string
			fresh, after func(core.App, time.Time) (*content.Tree, []content.Problem, error)
		}{{"Load", records.Load, cache.Load}, {"LoadPreview", records.LoadPreview, cache.LoadPreview}} {
			want, wantProblems, err := load.fresh(app, now)
			if err != nil {
				t.Fatal(err)
			}
			got, gotProblems, err := load.after(app, now)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProblems, wantProblems) {
				t.Errorf("%s after %s: the cached load differs from the database's", load.name, step.name)
			}
		}
	}
}
