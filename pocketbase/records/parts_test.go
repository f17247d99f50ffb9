package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestBadPartsLeaveOutOnlyThemselves stores, past the save hooks as old
// data was, a member in a body the site does not know, a source link the
// site cannot show and a grant round with a deadline that is no date,
// beside a good member and a good link: the export keeps the report with
// its good parts, and names each part left out, with its field and why.
func TestBadPartsLeaveOutOnlyThemselves(t *testing.T) {
	app := pbtest.NewApp(t)
	save := func(collection string, valid bool, fields map[string]any) {
		t.Helper()
		r := core.NewRecord(mustCollection(t, app, collection))
		for k, v := range fields {
			r.Set(k, v)
		}
		save := app.Save
		if !valid {
			save = app.SaveNoValidate // as old data was stored
		}
		if err := save(r); err != nil {
			t.Fatalf("%s: %v", collection, err)
		}
		if collection == schema.Reports {
			fields[schema.FieldReport] = r.Id
		}
	}
	report := map[string]any{schema.FieldYear: 2031, schema.FieldTitle: "Rapport 2031", schema.FieldStatus: schema.StatusPublished}
	save(schema.Reports, true, report)
	id := report[schema.FieldReport]
	save(schema.Memberships, true, map[string]any{schema.FieldReport: id, schema.FieldName: "Kari Nordmann", "organ": "SSU"})
	save(schema.Memberships, false, map[string]any{schema.FieldReport: id, schema.FieldName: "Ola Nordmann", "organ": "Styret"})
	save(schema.Links, true, map[string]any{schema.FieldReport: id, schema.FieldTitle: "God kilde", "url": "https://example.org/"})
	save(schema.Links, false, map[string]any{schema.FieldReport: id, schema.FieldTitle: "Gammel kilde", "url": "ftp://example.org/fil"})
	save(schema.GrantRounds, false, map[string]any{schema.FieldReport: id, "soknadsfrister": "første mai", "soknader": 3})

	tree, problems, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if len(tree.Reports) != 1 {
		t.Fatalf("%d reports; want the report kept", len(tree.Reports))
	}
	r := tree.Reports[0]
	if len(r.Members) != 1 || r.Members[0].Name != "Kari Nordmann" || len(r.Links) != 1 || r.Links[0].Title != "God kilde" || r.GrantRound != nil {
		t.Errorf("members %v, links %v, grant round %v; want Kari, «God kilde» and no round", r.Members, r.Links, r.GrantRound)
	}
	var said []string
	for _, p := range problems {
		if p.LeftOut || p.URL != "/arsrapporter/2031/" {
			t.Errorf("%s; want the report kept, with a part left out", p)
		}
		said = append(said, p.Key+": "+p.Reason+"; "+p.Mended)
	}
	all := strings.Join(said, "\n")
	for _, want := range []string{"soknadsfrister: ", "; tilskuddsrunden er utelatt", "url: lenken «ftp://example.org/fil»", "; kilden «Gammel kilde» er utelatt", "organ: organ «Styret» for Ola Nordmann", "; medlemmet «Ola Nordmann» er utelatt"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems:\n%s\nwant them to say %q", all, want)
		}
	}
}

// TestLinkAddressesEditorsWrite: a source link saves as an editor writes
// it, with a phone number, an e-mail address or an address without
// https://, and is stored in the form the site links to; one the site
// cannot link is refused under the field, in Norwegian.
func TestLinkAddressesEditorsWrite(t *testing.T) {
	app := pbtest.NewApp(t)
	report := core.NewRecord(mustCollection(t, app, schema.Reports))
	report.Set(schema.FieldYear, 2031)
	report.Set(schema.FieldTitle, "Rapport 2031")
	if err := app.Save(report); err != nil {
		t.Fatal(err)
	}
	scenarios := []struct{ typed, stored string }{ // stored empty: refused
		{"tel:+47 22 33 44 55", "tel:+4722334455"},
		{"mailto:post@example.org", "mailto:post@example.org"},
		{" www.vestreviken.no ", "https://www.vestreviken.no"},
		{"tel:ring oss", ""},
		{"ftp://example.org/fil", ""},
	}
	for _, s := range scenarios {
		link := core.NewRecord(mustCollection(t, app, schema.Links))
		link.Set(schema.FieldReport, report.Id)
		link.Set(schema.FieldTitle, "Kilde")
		link.Set("url", s.typed)
		err := app.Save(link)
		switch {
		case s.stored == "" && (err == nil || !strings.Contains(err.Error(), "url: Lenken")):
			t.Errorf("%q: save = %v; want it refused under url", s.typed, err)
		case s.stored != "" && err != nil:
			t.Errorf("%q: save = %v; want it stored", s.typed, err)
		case s.stored != "" && link.GetString("url") != s.stored:
			t.Errorf("%q is stored as %q; want %q", s.typed, link.GetString("url"), s.stored)
		}
	}
}

// TestMemberReplacesOneOfTheSameBody: a member may replace a member of
// the same body in the same report, and no one else (the export would
// leave such a member out).
func TestMemberReplacesOneOfTheSameBody(t *testing.T) {
	app := pbtest.NewApp(t)
	report := func(year int) *core.Record {
		r := core.NewRecord(mustCollection(t, app, schema.Reports))
		r.Set(schema.FieldYear, year)
		r.Set(schema.FieldTitle, "Rapport")
		r.Set(schema.FieldStatus, schema.StatusPublished)
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	member := func(report *core.Record, name, organ, replaces string) error {
		r := core.NewRecord(mustCollection(t, app, schema.Memberships))
		r.Set(schema.FieldReport, report.Id)
		r.Set(schema.FieldName, name)
		r.Set("organ", organ)
		r.Set("erstatter", replaces)
		return app.Save(r)
	}
	this, other := report(2031), report(2032)
	if err := member(this, "Ola", "SSU", ""); err != nil {
		t.Fatal(err)
	}
	ola, err := app.FindFirstRecordByFilter(schema.Memberships, "navn = 'Ola'")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name, organ string
		report      *core.Record
		saves       bool
	}{
		{"Kari", "SSU", this, true},
		{"Per", "Arbeidsutvalget", this, false},
		{"Liv", "SSU", other, false},
	} {
		err := member(s.report, s.name, s.organ, ola.Id)
		if s.saves != (err == nil) || (err != nil && !strings.Contains(err.Error(), "erstatter: Den et medlem erstatter")) {
			t.Errorf("%s in %s replacing Ola: %v; want saved %t, else refused under erstatter", s.name, s.organ, err, s.saves)
		}
	}
	tree, problems, err := records.Load(app, time.Now())
	if err != nil || len(problems) > 0 || len(tree.Reports) != 2 || len(tree.Reports[0].Members) != 2 {
		t.Errorf("export: %v, %v; want what saved published: Ola and Kari in 2031", problems, err)
	}
}
