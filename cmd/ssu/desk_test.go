package main_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser/browsertest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/desk"
)

// TestAdminDesk signs in to the real admin on `ssu serve` in Chromium,
// follows a project's "Forhåndsvis" into the preview, starts next year's
// report from a report's panel, and sees the stock admin work on when the
// desk's endpoint fails, with a line in the server log.
func TestAdminDesk(t *testing.T) {
	node, chromium, root := browsertest.Tools(t)
	s := startServer(t, "SSU_SITE_URL=https://ssu.example.org/")
	base := "http://" + s.addr
	ed := signIn(t, s)
	first := func(collection, filter string) string {
		var list struct{ Items []struct{ ID string } }
		if code := ed.call("GET", "/api/collections/"+collection+"/records?filter="+url.QueryEscape(filter), nil, &list); code != 200 || len(list.Items) != 1 {
			t.Fatalf("%s %s: %d, %d records", collection, filter, code, len(list.Items))
		}
		return list.Items[0].ID
	}

	project := first("prosjekter", "slug='fact-ung'")
	// A draft may link to a page that is not there (a published page is
	// refused at save): the warnings say so before it is published.
	faulty := first("prosjekter", "slug='kongsberg-samhandlingsarena'")
	if code := ed.call("PATCH", "/api/collections/prosjekter/records/"+faulty, map[string]any{"status": "utkast"}, nil); code != 200 {
		t.Fatalf("make the project a draft: %d", code)
	}
	// A live page is changed through a working copy; the date test takes
	// the meeting down first, which needs no approval.
	meetingID := first("partnerskapsmoter", "aar=2025")
	if code := ed.call("PATCH", "/api/collections/partnerskapsmoter/records/"+meetingID, map[string]any{"status": "utkast"}, nil); code != 200 {
		t.Fatalf("make the meeting a draft: %d", code)
	}
	input, _ := json.Marshal(map[string]any{
		"root": root, "chromium": chromium, "base": base,
		"email": "redaktor@example.org", "password": "Et-langt-passord-2026",
		"project": map[string]any{"id": project},
		"draft":   map[string]any{"title": "Skrivebordets nye prosjekt", "year": 2026},
		"report":  map[string]any{"id": first("arsrapporter", "aar=2025"), "nextYear": 2026},
		"faulty":  map[string]any{"id": faulty},
		"meeting": map[string]any{"id": meetingID},
	})
	// What the meeting's date input must show: its stored time in Oslo.
	var meeting struct{ Dato string }
	ed.call("GET", "/api/collections/partnerskapsmoter/records/"+meetingID, nil, &meeting)
	stored, err := time.Parse("2006-01-02 15:04:05.000Z", meeting.Dato)
	if err != nil {
		t.Fatalf("the meeting's date %q: %v", meeting.Dato, err)
	}
	// Chromium leaves out seconds that are zero.
	wantMeetingShown := strings.TrimSuffix(stored.In(content.Zone).Format("2006-01-02T15:04:05"), ":00")
	script, _ := filepath.Abs(filepath.Join("testdata", "desk.cjs"))
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(node, script)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = bytes.NewReader(input), &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("the admin in Chromium: %v\n%s\nserver:\n%s", err, stderr.String(), s.output.String())
	}
	var seen struct {
		Landing                       string
		LinksBeforeSave, DraftPublic  int
		OpenedYear                    int
		DraftHref, DraftHeading       string
		Sidebar                       []string
		Errors                        []string
		PreviewHref, PreviewTarget    string
		PublicHref                    string
		PreviewSignIn                 bool
		PreviewURL, PreviewHeading    string
		StartResult, StartAgain       string
		FailedLinks, FailedSaveButton int
		CopyRecord                    string
		SelfApproveButtons            int

		ReportSections, ReportParts, Labels, SidebarLabels []string
		NewPartReport, NewPartStatus                       string
		WarningsBefore, WarningsAfter                      []string
		Misspelled, SpellingOff, Readability               string
		AfterBold, FocusAfterArrow                         string
		BrowserZone, MeetingShown, DateLabel               string
		DateSaveStatus                                     int
	}
	if err := json.Unmarshal(stdout.Bytes(), &seen); err != nil {
		t.Fatalf("script output: %v\n%s", err, stdout.String())
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"Forhåndsvis address", seen.PreviewHref, "/forhandsvisning/prosjekter/fact-ung/"},
		{"Forhåndsvis opens a new tab", seen.PreviewTarget, "_blank"},
		{"Se publisert side address", seen.PublicHref, "https://ssu.example.org/prosjekter/fact-ung/"},
		{"the preview asks for its own sign-in", seen.PreviewSignIn, true},
		{"the preview after sign-in", seen.PreviewURL, "/forhandsvisning/prosjekter/fact-ung/"},
		{"the preview's heading", seen.PreviewHeading, "FACT Ung"},
		{"the report «Åpne årsrapporten» opens", seen.OpenedYear, 2026},
		{"links on a new record before it is saved", seen.LinksBeforeSave, 0},
		{"Forhåndsvis on the new draft once saved", seen.DraftHref, "/forhandsvisning/prosjekter/skrivebordets-nye-prosjekt/"},
		{"Se publisert side on a draft", seen.DraftPublic, 0},
		{"the new draft in the preview", seen.DraftHeading, "Skrivebordets nye prosjekt"},
		{"links while the endpoint fails", seen.FailedLinks, 0},
		{"the stock save button while the endpoint fails", seen.FailedSaveButton, 1},
		{"errors in the admin", len(seen.Errors), 0},
		{"«Godkjenn og publiser» offered to the editor who marked it ready", seen.SelfApproveButtons, 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v; want %v", c.what, c.got, c.want)
		}
	}
	if len(seen.Errors) > 0 {
		t.Logf("admin errors: %q", seen.Errors)
	}
	deskChecks(t, ed, seen.ReportSections, seen.ReportParts, seen.Labels, seen.SidebarLabels)
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"«Ny del» is attached to the report", strings.Contains(seen.NewPartReport, "2025"), true},
		{"«Ny del» starts as a draft", seen.NewPartStatus, "utkast"},
		{"Ctrl+B makes the selection bold", strings.HasSuffix(seen.AfterBold, "**viktig**"), true},
		{"the arrow key moves in the toolbar", seen.FocusAfterArrow, "Punktliste"},
		{"the browser's own zone", seen.BrowserZone, "UTC"},
		{"the meeting's date in Oslo time", seen.MeetingShown, wantMeetingShown},
		{"the date label", seen.DateLabel, "Dato (norsk tid)"},
		{"the date saved", seen.DateSaveStatus, 200},
		{"LIX shown", strings.HasPrefix(seen.Readability, "Lesbarhet: LIX "), true},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %v; want %v", c.what, c.got, c.want)
		}
	}
	if !slices.ContainsFunc(seen.WarningsAfter, func(w string) bool {
		return strings.Contains(w, "/prosjekter/finnes-ikke/ peker til en side som ikke finnes")
	}) {
		t.Errorf("warnings after the save: %q; want the broken link", seen.WarningsAfter)
	}
	if slices.ContainsFunc(seen.WarningsBefore, func(w string) bool { return strings.Contains(w, "finnes-ikke") }) {
		t.Errorf("warnings before the save: %q; want no broken link yet", seen.WarningsBefore)
	}
	if spellingRequired() && seen.Misspelled != "feiil" {
		t.Errorf("misspelled words shown: %q (%s); want feiil", seen.Misspelled, seen.SpellingOff)
	}
	ed.call("GET", "/api/collections/partnerskapsmoter/records/"+meetingID, nil, &meeting)
	if want := "2025-01-15 08:30:00.000Z"; meeting.Dato != want {
		t.Errorf("09:30 entered in the admin is stored as %q; want %q (Oslo is UTC+1 in January)", meeting.Dato, want)
	}

	if want := "#/collections?collection=arsrapporter"; seen.Landing != want {
		t.Errorf("the admin opens on %q; want %q", seen.Landing, want)
	}
	if want := append(slices.Clone(desk.Order), desk.Aside...); !slices.Equal(seen.Sidebar, want) {
		t.Errorf("sidebar %q; want %q", seen.Sidebar, want)
	}
	if !strings.HasPrefix(seen.StartResult, "Laget 26 utkast for 2026") {
		t.Errorf("start next year's report says:\n%s\nwant 26 drafts for 2026", seen.StartResult)
	}
	if !strings.HasPrefix(seen.StartAgain, "Ingenting nytt") {
		t.Errorf("starting it again says:\n%s\nwant nothing new", seen.StartAgain)
	}
	var drafts struct{ Items []struct{ Status string } }
	if code := ed.call("GET", "/api/collections/arsrapporter/records?filter="+url.QueryEscape("aar=2026"), nil, &drafts); code != 200 || len(drafts.Items) != 1 || drafts.Items[0].Status != "utkast" {
		t.Errorf("the report of 2026 after the admin's action: %d %+v; want one draft", code, drafts.Items)
	}

	// «Lag arbeidskopi» and «Klar til godkjenning» made a copy of the
	// project, marked ready by the editor.
	var copied struct {
		Of      string `json:"arbeidskopi_av"`
		Status  string `json:"status"`
		ReadyBy string `json:"klar_av"`
	}
	if code := ed.call("GET", "/api/collections/prosjekter/records/"+seen.CopyRecord, nil, &copied); code != 200 ||
		copied.Of != project || copied.Status != "klar" || copied.ReadyBy != "redaktor@example.org" {
		t.Errorf("the working copy the desk opened (%q): %d %+v; want a copy of the project, marked ready by the editor", seen.CopyRecord, code, copied)
	}

	// PocketBase writes its log in batches.
	eventually(t, 30*time.Second, "the desk's problem in the server log", func() bool {
		var logs struct{ Items []struct{ Message string } }
		ed.call("GET", "/api/logs?filter="+url.QueryEscape("message~'Skrivebordet i admin'"), nil, &logs)
		return len(logs.Items) == 1 && strings.Contains(logs.Items[0].Message, "sideadressen kunne ikke hentes")
	})
}

// spellingRequired reports whether this machine checks spelling: it has
// Hunspell with the Norwegian dictionary, or is CI, where it must.
func spellingRequired() bool {
	if os.Getenv("CI") == "true" {
		return true
	}
	_, err := prose.NewChecker()
	return err == nil
}

// deskChecks judges what the report's panel and the labels showed.
func deskChecks(t *testing.T, ed editor, sections, parts, labels, sidebar []string) {
	t.Helper()
	if want := []string{"Deler", "Medlemmer", "Lenker", "Tilskuddsrunde", "Utvalgenes status"}; !slices.Equal(parts, want) {
		t.Errorf("the report's parts: %q; want %q", parts, want)
	}
	var list struct{ Items []struct{ Tittel string } }
	report := ""
	var reports struct{ Items []struct{ ID string } }
	ed.call("GET", "/api/collections/arsrapporter/records?filter="+url.QueryEscape("aar=2025"), nil, &reports)
	if len(reports.Items) == 1 {
		report = reports.Items[0].ID
	}
	ed.call("GET", "/api/collections/rapportdeler/records?sort=rekkefolge,created&perPage=100&filter="+url.QueryEscape("rapport='"+report+"'"), nil, &list)
	var want []string
	for _, it := range list.Items {
		want = append(want, it.Tittel)
	}
	var got []string
	for _, s := range sections {
		got = append(got, strings.TrimSuffix(s, " (utkast)"))
	}
	if !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("the report's sections: %q; want in order %q", got, want)
	}
	if !slices.Contains(labels, "Tittel") || !slices.Contains(labels, "Årsrapport") || slices.Contains(labels, "rekkefolge") {
		t.Errorf("labels in a new section's panel: %q; want Norwegian ones", labels)
	}
	if len(sidebar) == 0 || sidebar[0] != desk.Labels["arsrapporter"].Name || !slices.Contains(sidebar, "Faglige utvalg") {
		t.Errorf("sidebar labels: %q; want Norwegian names", sidebar)
	}
}
