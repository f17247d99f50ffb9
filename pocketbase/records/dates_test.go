package records_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// clockApp is a test app whose save hooks read the time from *now.
func clockApp(t *testing.T, now *time.Time) *tests.TestApp {
	t.Helper()
	app, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	records.RegisterHooks(app, func() time.Time { return *now })
	return app
}

func stamps(t *testing.T, app core.App, collection, id string) (published, changed time.Time) {
	t.Helper()
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetDateTime("publisert").Time(), r.GetDateTime("sist_endret").Time()
}

// TestPageDatesComeFromTheCMS holds a page's publisert and sist_endret to
// the saves that change what the public sees, whatever an editor types in
// them.
func TestPageDatesComeFromTheCMS(t *testing.T) {
	now := time.Date(2026, time.March, 1, 10, 0, 0, 500, time.UTC)
	at := func() time.Time { return now.Truncate(time.Second) }
	app := clockApp(t, &now)

	// A draft has no dates.
	p := newProject(t, app, "Prosjekt", "prosjekt")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	if pub, ch := stamps(t, app, schema.Projects, p.Id); !pub.IsZero() || !ch.IsZero() {
		t.Errorf("a draft: publisert %v, sist_endret %v; want none", pub, ch)
	}

	// Publishing sets both, and what an editor typed is not kept.
	now = now.Add(time.Hour)
	p.Set(schema.FieldStatus, schema.StatusPublished)
	p.Set("publisert", "2020-01-01 00:00:00.000Z")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	firstPublished := at()
	if pub, ch := stamps(t, app, schema.Projects, p.Id); !pub.Equal(firstPublished) || !ch.Equal(firstPublished) {
		t.Errorf("published: publisert %v, sist_endret %v; want both %v", pub, ch, firstPublished)
	}

	// A save that changes nothing but a date typed by hand changes nothing.
	now = now.Add(time.Hour)
	p.Set("sist_endret", "2030-01-01 00:00:00.000Z")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	if _, ch := stamps(t, app, schema.Projects, p.Id); !ch.Equal(firstPublished) {
		t.Errorf("a save of a typed date: sist_endret %v; want %v", ch, firstPublished)
	}

	// An edit moves sist_endret, not publisert.
	now = now.Add(time.Hour)
	p.Set(schema.FieldTitle, "Nytt navn")
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	if pub, ch := stamps(t, app, schema.Projects, p.Id); !pub.Equal(firstPublished) || !ch.Equal(at()) {
		t.Errorf("edited: publisert %v, sist_endret %v; want %v, %v", pub, ch, firstPublished, at())
	}

	// Taken down and published again: still first published then.
	for _, status := range []string{schema.StatusDraft, schema.StatusPublished} {
		now = now.Add(time.Hour)
		p.Set(schema.FieldStatus, status)
		if err := app.Save(p); err != nil {
			t.Fatal(err)
		}
	}
	if pub, ch := stamps(t, app, schema.Projects, p.Id); !pub.Equal(firstPublished) || !ch.Equal(at()) {
		t.Errorf("published again: publisert %v, sist_endret %v; want %v, %v", pub, ch, firstPublished, at())
	}
}

// TestReportChangesWithItsParts: the report page shows its sections,
// members, links and grant round, so a change to one is a change of the
// report; the PDF the site makes of the report is not. An edit of a
// section that stays published, or stays a draft, dates the section
// only (the site dates the report by the latest of the two); a section
// that comes or goes dates the report.
func TestReportChangesWithItsParts(t *testing.T) {
	now := time.Date(2026, time.March, 1, 10, 0, 0, 0, time.UTC)
	app := clockApp(t, &now)
	tree := contenttest.EdgeCases()
	if _, err := records.Save(app, tree); err != nil {
		t.Fatal(err)
	}
	report, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2031")
	if err != nil {
		t.Fatal(err)
	}
	imported := tree.Reports[1].Changed.Time()
	if _, ch := stamps(t, app, schema.Reports, report.Id); !ch.Equal(imported) {
		t.Fatalf("imported: sist_endret %v; want the file's %v", ch, imported)
	}

	now = now.Add(time.Hour)
	if _, err := records.SaveDocument(app, 2031, append(append([]byte(nil), contenttest.PDF...), '\n')); err != nil {
		t.Fatal(err)
	}
	if _, ch := stamps(t, app, schema.Reports, report.Id); !ch.Equal(imported) {
		t.Errorf("a new PDF of the report: sist_endret %v; want it left at %v", ch, imported)
	}

	members, err := app.FindAllRecords(schema.Memberships)
	if err != nil || len(members) == 0 {
		t.Fatalf("members: %v (%d)", err, len(members))
	}
	sections, err := app.FindAllRecords(schema.Sections, dbx.HashExp{schema.FieldReport: report.Id})
	if err != nil || len(sections) < 2 {
		t.Fatalf("sections: %v (%d)", err, len(sections))
	}
	// Each save reads the section as it is stored, as the admin and the
	// API do (a record saved from Go keeps the original it was read with).
	section := func() *core.Record {
		r, err := app.FindRecordById(schema.Sections, sections[0].Id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	edit := func(field string, value any) func() error {
		return func() error {
			r := section()
			r.Set(field, value)
			return app.Save(r)
		}
	}
	newSection := func(status string) func() error {
		return func() error {
			r := core.NewRecord(sections[0].Collection())
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldSlug, "ny-del-"+status)
			r.Set(schema.FieldTitle, "Ny del")
			r.Set(schema.FieldStatus, status)
			return app.Save(r)
		}
	}
	report, err = app.FindRecordById(schema.Reports, report.Id)
	if err != nil {
		t.Fatal(err)
	}
	updated := report.GetDateTime("updated")
	dated := report.GetDateTime("sist_endret").Time()
	for _, part := range []struct {
		name  string
		save  func() error
		dates bool // the report's sist_endret becomes now
	}{
		{"a member renamed", func() error { members[0].Set(schema.FieldName, "Nytt Navn"); return app.Save(members[0]) }, true},
		{"a member removed", func() error { return app.Delete(members[1]) }, true},
		{"a published section's text", edit(schema.FieldBody, "Ny tekst i delen."), false},
		{"a section unpublished", edit(schema.FieldStatus, schema.StatusDraft), true},
		{"a draft section's text", edit(schema.FieldBody, "Enda en tekst."), false},
		{"a section published", edit(schema.FieldStatus, schema.StatusPublished), true},
		{"a draft section added", newSection(schema.StatusDraft), false},
		{"a published section added", newSection(schema.StatusPublished), true},
		{"a published section deleted", func() error { return app.Delete(sections[1]) }, true},
	} {
		now = now.Add(time.Hour)
		if err := part.save(); err != nil {
			t.Fatal(err)
		}
		r, err := app.FindRecordById(schema.Reports, report.Id)
		if err != nil {
			t.Fatal(err)
		}
		want := dated
		if part.dates {
			want, dated = now, now
		}
		if ch := r.GetDateTime("sist_endret").Time(); !ch.Equal(want) {
			t.Errorf("%s: the report's sist_endret %v; want %v", part.name, ch, want)
		}
		if got := r.GetDateTime("updated"); got != updated {
			t.Errorf("%s: the report's updated %v; want it left at %v (a save based on it is not stale)", part.name, got, updated)
		}
	}
}
