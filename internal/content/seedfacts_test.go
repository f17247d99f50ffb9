package content_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestSeedFactsAsTheReportsStateThem holds the structured facts of the
// seed content to what the two reports say, and no more: a fact read into
// a report (an employer, a patient group, a funding scheme, a topic, a
// year) fails here.
func TestSeedFactsAsTheReportsStateThem(t *testing.T) {
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatalf("read the seed content: %v", err)
	}

	// An organisation is stated after the member's name, before the next
	// member is named ("Anne Lise Kristensen og Eli Fossan Rasmussen fra
	// Vestre Viken" states it for both).
	for _, r := range tree.Reports {
		text := strings.ToLower(collapse(readSeed(t, strconv.Itoa(r.Year)+".repaired.txt")))
		var names []string
		for _, m := range r.Members {
			names = append(names, strings.ToLower(m.Name))
		}
		for _, m := range r.Members {
			if m.Organisation == "" {
				continue
			}
			if !slices.ContainsFunc(statedAbout(text, strings.ToLower(m.Name), names), func(s string) bool {
				return strings.Contains(s, strings.ToLower(m.Organisation))
			}) {
				t.Errorf("%d: %s (%s): the report names no organisation «%s» for them", r.Year, m.Name, m.Organ, m.Organisation)
			}
			// "til oktober" alone reads as a time still to come.
			if strings.HasPrefix(m.Until, "til ") {
				t.Errorf("%d: %s til %q; the report means «frem %s»", r.Year, m.Name, m.Until, m.Until)
			}
		}
	}

	// Patient groups only where a report names one for the project.
	for _, p := range tree.Projects {
		switch p.Slug {
		case "dialogbasert-inntak", "trening-som-medisin", "psyk-team-fengsel":
			if len(p.PatientGroups) > 0 {
				t.Errorf("%s: patient groups %v; the report names none", p.Slug, p.PatientGroups)
			}
		}
	}
	// "Samhandlings- og utviklingsprosjekter" is a heading of the 2025
	// report, not a funding scheme.
	for _, term := range tree.Terms {
		if term.Taxonomy == "ordninger" && term.Slug != "rekrutterings-og-samhandlingstilskudd" {
			t.Errorf("the scheme %s (%q): the reports name one scheme, the recruitment and cooperation grant", term.Slug, term.Title)
		}
	}
	for _, m := range tree.Meetings {
		if m.Year == 2025 {
			want := []string{"Prioritering i helse- og omsorgstjenesten", "Styrking av helseberedskap i helsefellesskapet"}
			if !slices.Equal(m.Topics, want) {
				t.Errorf("2025 meeting: topics %q; want the main topics only, %q (the rest was presented)", m.Topics, want)
			}
		}
	}
	// The 2025 report groups the partnership meeting and the parts after it
	// under "Øvrige tema": the heading stands on the first section after
	// the meeting, and the meeting is placed right before that section, so
	// the heading comes before the meeting as in the report.
	for _, r := range tree.Reports {
		var groups []string
		for i, s := range r.Sections {
			if s.Group == "" {
				continue
			}
			groups = append(groups, s.Group)
			if !strings.Contains(collapse(readSeed(t, strconv.Itoa(r.Year)+".repaired.txt")), s.Group) {
				t.Errorf("%d: %s: group heading %q; the report has none such", r.Year, s.Slug, s.Group)
			}
			if r.Year == 2025 && (i == 0 || r.Sections[i-1].Weight != r.MeetingAfter) {
				t.Errorf("2025: the group heading %q on %s does not stand before the partnership meeting (moete_etter %d)", s.Group, s.Slug, r.MeetingAfter)
			}
		}
		if want := map[int][]string{2025: {"Øvrige tema"}}[r.Year]; !slices.Equal(groups, want) {
			t.Errorf("%d: group headings %q; want %q as the report has them", r.Year, groups, want)
		}
	}
	for _, c := range tree.Committees {
		if c.Slug == "digital-hjemmeoppfolging" && c.Established != 0 {
			t.Errorf("%s: established %d; the 2025 report says only that it starts early 2026", c.Slug, c.Established)
		}
	}
}

// statedAbout returns what text says after each mention of name, up to the
// next member named (other than one joined to it by "og"), or the end of
// the paragraph.
func statedAbout(text, name string, names []string) []string {
	var out []string
	for i := 0; ; {
		at := strings.Index(text[i:], name)
		if at < 0 {
			return out
		}
		start := i + at + len(name)
		rest := text[start:]
		end := len(rest)
		for {
			next := len(rest)
			for _, other := range names {
				if other == name {
					continue
				}
				if j := strings.Index(rest, other); j >= 0 && j < next {
					next = j
				}
			}
			if strings.TrimSpace(rest[:next]) == "og" && next < len(rest) {
				// Joined by "og": what follows the other name is said of both.
				skip := next
				for _, other := range names {
					if strings.HasPrefix(rest[next:], other) {
						skip = next + len(other)
					}
				}
				rest = rest[skip:]
				start += skip
				continue
			}
			end = next
			break
		}
		out = append(out, rest[:end])
		i = start
	}
}
