package content_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

func TestUnlink(t *testing.T) {
	scenarios := []struct{ in, want string }{
		{"Se [den gamle](/prosjekter/borte/) her.", "Se den gamle her."},
		{"Se [den **gamle**](/prosjekter/borte/#x \"tittel\").", "Se den **gamle**."},
		{"![kart](/prosjekter/borte) og [annen](/prosjekter/her/)", "kart og [annen](/prosjekter/her/)"},
		{"[a [b]](/prosjekter/borte)", "a [b]"},
		{"Se [x][r].\n\n[r]: /prosjekter/borte\nslutt", "Se [x][r].\n\nslutt"},
		{"[ingen](/prosjekter/borte-ikke/)", "[ingen](/prosjekter/borte-ikke/)"},
	}
	for _, s := range scenarios {
		if got := content.Unlink(s.in, "/prosjekter/borte/"); got != s.want && content.Unlink(s.in, "/prosjekter/borte") != s.want {
			t.Errorf("Unlink(%q) = %q; want %q", s.in, got, s.want)
		}
	}
}

// TestPruneLeavesOutOnlyTheBadPage breaks one section, one project, one
// term and one link of a valid tree: Prune leaves out the broken pages
// alone, keeps their report, drops the term from the pages that name it,
// shows the dead link as text, and the tree then validates.
func TestPruneLeavesOutOnlyTheBadPage(t *testing.T) {
	tree := contenttest.EdgeCases()
	report := &tree.Reports[1]
	report.Sections[1].Title = ""                            // a section that cannot be built
	tree.Projects[1].Year = 1900                             // a project that cannot be built
	tree.Terms[4].Title = ""                                 // the term tema-1, named by several pages
	report.Body += "\nSe [prosjektet](/prosjekter/tomt/).\n" // the project left out
	sections, projects := len(report.Sections), len(tree.Projects)

	problems, err := tree.Prune()
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	if err := tree.Validate(); err != nil {
		t.Fatalf("the pruned tree does not validate: %v", err)
	}
	var left []string
	for _, p := range problems {
		if p.LeftOut {
			left = append(left, p.File)
		}
		if !strings.Contains(p.String(), p.URL) {
			t.Errorf("%q does not name the page %s", p, p.URL)
		}
	}
	want := "arsrapporter/2031/lang.md prosjekter/tomt.md tema/tema-1/_index.md"
	if got := strings.Join(slices.Sorted(slices.Values(left)), " "); got != want {
		t.Errorf("left out %s; want %s", got, want)
	}
	if len(tree.Reports) != 2 || len(report.Sections) != sections-1 || len(tree.Projects) != projects-1 {
		t.Errorf("%d reports, %d sections, %d projects; want 2, %d, %d", len(tree.Reports), len(report.Sections), len(tree.Projects), sections-1, projects-1)
	}
	if !strings.Contains(report.Body, "Se prosjektet.") || len(report.Themes) != 0 {
		t.Errorf("report body ends %q, themes %v; want the link as text and no themes", report.Body[len(report.Body)-40:], report.Themes)
	}
}

// TestPruneLinkItCannotMend: a link Unlink cannot turn into text (no
// opening bracket, no closing parenthesis) leaves its page out; the rest
// is published.
func TestPruneLinkItCannotMend(t *testing.T) {
	for _, body := range []string{"Se ](/prosjekter/borte/) her.", "[a](/prosjekter/borte/ \"t\""} {
		tree := &content.Tree{Projects: []content.Project{
			{Slug: "lenker", Title: "Lenker", Year: 2031, Body: body},
			{Slug: "annet", Title: "Annet", Year: 2031, Body: "Tekst."},
		}}
		problems, err := tree.Prune()
		if err != nil {
			t.Fatalf("%q: Prune failed the whole tree: %v", body, err)
		}
		if len(tree.Projects) != 1 || tree.Projects[0].Slug != "annet" {
			t.Errorf("%q: projects left %+v; want only «annet»", body, tree.Projects)
		}
		if len(problems) != 1 || !problems[0].LeftOut {
			t.Errorf("%q: problems %v; want the one page left out", body, problems)
		}
	}
}

// TestPruneLeavesOutOnlyTheBadPart breaks a member, a source link and the
// grant round of a report: Prune leaves out those alone (and the member
// who replaces the broken one, which has nobody to replace then), keeps
// the report with its other parts and sections, says for each which field
// and why, and the tree then validates.
func TestPruneLeavesOutOnlyTheBadPart(t *testing.T) {
	tree := contenttest.EdgeCases()
	report := &tree.Reports[1]
	report.Members[0].Organ = "Styret"         // Ola in SSU: not a body the site knows
	report.Links[0].URL = "ftp://example.org/" // a scheme the site does not link
	report.GrantRound.CutPercent = 150
	report.Members = append(report.Members, report.Members[2]) // Ola in Arbeidsutvalget, twice
	sections := len(report.Sections)

	problems, err := tree.Prune()
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	if err := tree.Validate(); err != nil {
		t.Fatalf("the pruned tree does not validate: %v", err)
	}
	if len(tree.Reports) != 2 || len(report.Sections) != sections {
		t.Fatalf("%d reports, %d sections; want 2, %d: the report and its sections stay", len(tree.Reports), len(report.Sections), sections)
	}
	var members []string
	for _, m := range report.Members {
		members = append(members, m.Organ+"/"+m.Name)
	}
	if got, want := strings.Join(members, ", "), `Arbeidsutvalget/Ola "Leder" Nordmann`; got != want {
		t.Errorf("members left %s; want %s", got, want)
	}
	if len(report.Links) != 1 || report.Links[0].Title != "Kilde 2" || report.GrantRound != nil {
		t.Errorf("links %v, grant round %v; want only «Kilde 2» and no round", report.Links, report.GrantRound)
	}
	var said []string
	for _, p := range problems {
		if p.LeftOut || p.File != report.Location().File {
			t.Errorf("%s; want the report kept, a part mended", p)
		}
		said = append(said, p.Key+": "+p.Mended)
	}
	want := []string{
		"kutt_prosent: tilskuddsrunden er utelatt",
		`url: kilden «Kilde med "anførsel"» er utelatt`,
		`organ: medlemmet «Ola "Leder" Nordmann» er utelatt`,
		"erstatter: medlemmet «Kari Nordmann» er utelatt",
		`navn: medlemmet «Ola "Leder" Nordmann» er utelatt`,
	}
	if got := strings.Join(said, "\n"); got != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

// TestPruneDropsAliasesThatCannotRedirect: an old address that is a page's
// address, that another page claims too, or that is no page address at all
// is dropped, and its page stays.
func TestPruneDropsAliasesThatCannotRedirect(t *testing.T) {
	tree := contenttest.EdgeCases()
	section := &tree.Reports[1].Sections[0]
	section.Aliases = []string{
		"/prosjekter/tomt/",                // a page's address
		"https://example.org/",             // off the site
		"/arsrapporter/2031/../../x/",      // not a page address
		"/arsrapporter/2031/gammel-forst/", // kept
	}
	project := &tree.Projects[0]
	project.Aliases = append(project.Aliases, "/arsrapporter/2031/gammel-forst/") // the section's, which comes first
	pages := 0
	for range tree.Pages() {
		pages++
	}
	problems, err := tree.Prune()
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	if err := tree.Validate(); err != nil {
		t.Fatalf("the pruned tree does not validate: %v", err)
	}
	after := 0
	for range tree.Pages() {
		after++
	}
	if after != pages {
		t.Errorf("%d pages after Prune; want all %d", after, pages)
	}
	if got, want := tree.Reports[1].Sections[0].Aliases, []string{"/arsrapporter/2031/gammel-forst/"}; !slices.Equal(got, want) {
		t.Errorf("aliases after Prune: %q; want %q", got, want)
	}
	if got, want := tree.Projects[0].Aliases, []string{"/prosjekter/gammelt-prosjekt/"}; !slices.Equal(got, want) {
		t.Errorf("the project's aliases after Prune: %q; want %q", got, want)
	}
	if len(problems) != 4 {
		t.Errorf("got %d problems; want 4: %v", len(problems), problems)
	}
	for _, p := range problems {
		if p.LeftOut || p.Key != "aliases" {
			t.Errorf("%+v; want an alias dropped, its page kept", p)
		}
	}
}
