package nextyear_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/nextyear"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// someDay is a day in 2026 after the seed's last publication.
var someDay = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// TestStartOnSeed makes the drafts of 2026 from the seed's report of 2025
// and checks each of them against what the seed says.
func TestStartOnSeed(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	before := counts(t, app)

	res, err := nextyear.Start(app, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Existing) != 0 {
		t.Errorf("existing before the first run: %q; want none", res.Existing)
	}

	report, err := app.FindRecordById(schema.Reports, res.ReportID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := report.GetString(schema.FieldTitle), "Årsrapport for Strategisk samarbeidsutvalg (SSU) i Helsefellesskap Vest-Viken 2026"; got != want {
		t.Errorf("report title %q; want %q", got, want)
	}
	for _, field := range []string{schema.FieldDescription, schema.FieldBody, schema.FieldThemes, "moter", "pdf"} {
		if v := report.Get(field); !isEmpty(v) {
			t.Errorf("report field %s = %v; want it empty", field, v)
		}
	}

	var sections []string
	for _, r := range parts(t, app, schema.Sections, report, "rekkefolge") {
		sections = append(sections, fmt.Sprintf("%d %s %s", r.GetInt(schema.FieldOrder), r.GetString(schema.FieldSlug), r.GetString(schema.FieldTitle)))
		if r.GetString(schema.FieldBody) != "" || len(r.GetStringSlice(schema.FieldThemes)) > 0 {
			t.Errorf("section %s has text or themes; want them empty", r.GetString(schema.FieldSlug))
		}
	}
	wantSections := []string{
		"1 rekrutterings-og-samhandlingstilskudd Rekrutterings- og samhandlingstilskudd",
		"2 samhandlings-og-utviklingsprosjekter Samhandlings- og utviklingsprosjekter",
		"3 forberedelse-til-nytt-sykehus-i-drammen Forberedelse til nytt sykehus i Drammen",
		"4 overordnet-samarbeidsavtale-skal-revideres Overordnet samarbeidsavtale mellom helseforetaket og kommunene skal revideres",
		"5 moteplan-for-2027 Møteplan for 2027",
	}
	if !slices.Equal(sections, wantSections) {
		t.Errorf("sections:\n%s\nwant:\n%s", strings.Join(sections, "\n"), strings.Join(wantSections, "\n"))
	}

	var members []string
	for _, r := range parts(t, app, schema.Memberships, report, "rekkefolge") {
		members = append(members, r.GetString("organ")+"/"+r.GetString(schema.FieldName))
		for _, field := range []string{"fra", "til", "erstatter"} {
			if v := r.GetString(field); v != "" {
				t.Errorf("member %s has %s = %q; want it empty", r.GetString(schema.FieldName), field, v)
			}
		}
	}
	wantMembers := []string{
		"SSU/Grete Syrdal", "SSU/Sudhir Sharma", "SSU/Borghild Ulshagen", "SSU/Christine Myhre Bråthen",
		"SSU/Anders Debes", "SSU/Kirsten Hørthe", "SSU/Trine Olsen", "SSU/Snorre Birk Gundersen",
		"SSU/Rune Kløvtveit", "SSU/Ida Bang", "SSU/Live Gusfre",
		"Arbeidsutvalget/Grete Syrdal", "Arbeidsutvalget/Anne Lise Kristensen", "Arbeidsutvalget/Birgitte Walle",
		"Arbeidsutvalget/Trine Lise Mørk", "Arbeidsutvalget/Randi Klemetsen",
	}
	if !slices.Equal(members, wantMembers) {
		t.Errorf("members:\n%q\nwant:\n%q", members, wantMembers)
	}
	leader, err := app.FindFirstRecordByFilter(schema.Memberships, "rapport = {:r} && navn = 'Grete Syrdal' && organ = 'SSU'", dbx.Params{"r": report.Id})
	if err != nil || leader.GetString("rolle") != "leder" || leader.GetString("organisasjon") != "Bærum kommune" {
		t.Errorf("the leader was not carried over with role and organisation: %v %v", leader, err)
	}
	wantLeft := []string{
		"Christoffer Boge (SSU, frem til høsten 2025)", "Håvard Vika (SSU, frem til sommeren)", "Eli Fossan Rasmussen (Arbeidsutvalget, frem til oktober)",
	}
	if !slices.Equal(res.LeftOut, wantLeft) {
		t.Errorf("left out %q; want %q", res.LeftOut, wantLeft)
	}

	rounds := parts(t, app, schema.GrantRounds, report, "")
	if len(rounds) != 1 {
		t.Fatalf("%d grant rounds; want 1", len(rounds))
	}
	for _, field := range []string{"soknadsfrister", "soknader", "innvilget", "kutt_prosent", "belop"} {
		if v := rounds[0].Get(field); !isEmpty(v) {
			t.Errorf("grant round %s = %v; want it empty", field, v)
		}
	}

	var statuses []string
	recs, err := app.FindRecordsByFilter(schema.CommitteeStatus, "aar = 2026", "", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		c, err := app.FindRecordById(schema.Committees, r.GetString(schema.FieldCommittee))
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, c.GetString(schema.FieldSlug)+": "+r.GetString(schema.FieldTitle))
	}
	slices.Sort(statuses)
	wantStatuses := []string{"barn-og-unge: Status 2026", "digital-hjemmeoppfolging: Status 2026", "psykisk-helse-og-rus: Status 2026"}
	if !slices.Equal(statuses, wantStatuses) {
		t.Errorf("committee statuses %q; want %q", statuses, wantStatuses)
	}

	if want := "«Partnerskapsmøte 2026» er planlagt 05.06.2026 (publisert)."; res.Meeting != want {
		t.Errorf("meeting %q; want %q", res.Meeting, want)
	}

	// Exactly these drafts, nothing else, and none of them public.
	after := counts(t, app)
	wantNew := map[string]int{schema.Reports: 1, schema.Sections: 5, schema.Memberships: 16, schema.GrantRounds: 1, schema.CommitteeStatus: 3}
	for _, name := range schema.Content {
		if got := after[name] - before[name]; got != wantNew[name] {
			t.Errorf("%s: %d new records; want %d", name, got, wantNew[name])
		}
	}
	if got, want := len(res.Created), 1+5+16+1+3; got != want {
		t.Errorf("result lists %d drafts made; want %d", got, want)
	}
	for _, name := range schema.Content {
		recs, err := app.FindRecordsByFilter(name, "created >= {:t}", "", 0, 0, dbx.Params{"t": report.GetDateTime("created").String()})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			if schema.Public(app, r, someDay) {
				t.Errorf("%s %s is public; want every new record a draft", name, r.Id)
			}
		}
	}
	tree, _, err := records.Load(app, someDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tree.Reports {
		if r.Year == 2026 {
			t.Error("the public export has the report of 2026")
		}
	}
}

func TestStartTwiceMakesNothingTwice(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	first, err := nextyear.Start(app, 2026)
	if err != nil {
		t.Fatal(err)
	}
	// An editor fills in a section between the runs.
	sec, err := app.FindFirstRecordByFilter(schema.Sections, "rapport = {:r} && slug = 'moteplan-for-2027'", dbx.Params{"r": first.ReportID})
	if err != nil {
		t.Fatal(err)
	}
	sec.Set(schema.FieldBody, "Møtene i 2027.")
	if err := app.Save(sec); err != nil {
		t.Fatal(err)
	}
	before := counts(t, app)

	second, err := nextyear.Start(app, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Created) != 0 {
		t.Errorf("second run made %q; want nothing", second.Created)
	}
	if !slices.Equal(second.Existing, first.Created) {
		t.Errorf("second run found %q; want what the first made, %q", second.Existing, first.Created)
	}
	if second.ReportID != first.ReportID {
		t.Errorf("second run's report %s; want %s", second.ReportID, first.ReportID)
	}
	if !strings.HasPrefix(second.String(), "Ingenting nytt") {
		t.Errorf("second run says:\n%s\nwant it to say nothing was made", second.String())
	}
	if after := counts(t, app); !mapsEqual(after, before) {
		t.Errorf("records after the second run %v; want %v", after, before)
	}
	sec, err = app.FindRecordById(schema.Sections, sec.Id)
	if err != nil || strings.TrimSpace(sec.GetString(schema.FieldBody)) != "Møtene i 2027." {
		t.Errorf("the second run changed an edited section: %v", err)
	}
}

func TestStartWithoutLastYear(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	before := counts(t, app)
	_, err := nextyear.Start(app, 2030)
	if err == nil || !strings.Contains(err.Error(), "finner ingen årsrapport for 2029") {
		t.Errorf("start 2030: %v; want it to say there is no report of 2029", err)
	}
	if after := counts(t, app); !mapsEqual(after, before) {
		t.Errorf("records after a failed start %v; want %v", after, before)
	}
}

// TestStartLeavesOutFutureCommittees: a committee established after the
// year gets no status for it.
func TestStartLeavesOutFutureCommittees(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	dho, err := app.FindFirstRecordByFilter(schema.Committees, "slug = 'digital-hjemmeoppfolging'")
	if err != nil {
		t.Fatal(err)
	}
	dho.Set("etablert", 2027)
	if err := app.Save(dho); err != nil {
		t.Fatal(err)
	}
	if _, err := nextyear.Start(app, 2026); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords(schema.CommitteeStatus, dbx.HashExp{"utvalg": dho.Id, "aar": 2026}); n != 0 {
		t.Errorf("%d statuses of 2026 for a committee established in 2027; want 0", n)
	}
}

func TestMoveYearsInResult(t *testing.T) {
	scenarios := []struct{ prevTitle, want string }{
		{"Møteplan for 2026", "Møteplan for 2027"},
		{"Status 2025", "Status 2026"},
		{"Planen fra 2019", "Planen fra 2019"},
		{"Årsrapport 2025–2026", "Årsrapport 2026–2027"},
		{"12025 kroner", "12025 kroner"},
	}
	for _, s := range scenarios {
		app := pbtest.NewApp(t)
		pbtest.ImportSeeds(t, app)
		prev, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
		if err != nil {
			t.Fatal(err)
		}
		prev.Set(schema.FieldTitle, s.prevTitle)
		if err := app.Save(prev); err != nil {
			t.Fatal(err)
		}
		res, err := nextyear.Start(app, 2026)
		if err != nil {
			t.Fatal(err)
		}
		report, err := app.FindRecordById(schema.Reports, res.ReportID)
		if err != nil {
			t.Fatal(err)
		}
		if got := report.GetString(schema.FieldTitle); got != s.want {
			t.Errorf("from %q: got %q; want %q", s.prevTitle, got, s.want)
		}
	}
}

func parts(t *testing.T, app core.App, collection string, report *core.Record, sort string) []*core.Record {
	t.Helper()
	recs, err := app.FindRecordsByFilter(collection, "rapport = {:r}", sort, 0, 0, dbx.Params{"r": report.Id})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func counts(t *testing.T, app core.App) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, name := range schema.Content {
		c, err := app.CountRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		n[name] = int(c)
	}
	return n
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []string:
		return len(v) == 0
	case float64:
		return v == 0
	case int:
		return v == 0
	}
	return fmt.Sprint(v) == "" || fmt.Sprint(v) == "[]" || fmt.Sprint(v) == "0"
}
