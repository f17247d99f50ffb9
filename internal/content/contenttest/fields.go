package contenttest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// MaxEveryField is how many texts EveryField takes: one report and one
// meeting a year, and there are that many years.
const MaxEveryField = content.MaxYear - content.MinYear + 1

// EveryField returns a valid tree that puts each text into every text field
// of every content type: term titles and bodies in all four taxonomies;
// report titles, descriptions and bodies (each report with a PDF); member names, job titles,
// organisations, "replaces", from and until; link titles and the path,
// query and fragment of link URLs; section titles, bodies and image alt
// texts; project titles, descriptions, bodies and alt texts; meeting
// titles, venues, speakers, topics, evaluations, bodies and alt texts;
// committee titles, descriptions and bodies; and committee status titles
// and bodies.
//
// Text i gets year MinYear+i and slugs ending in -i, so the pages of every
// text are at known addresses (see EveryFieldPages). Each text must be
// valid in every field: not blank, at most content.MaxTitle characters,
// valid UTF-8, and without a link to a page of the site. Line breaks are
// replaced by spaces in the one-line fields (speakers, topics), and bodies
// are normalised, so the tree round-trips unchanged.
func EveryField(texts []string) *content.Tree {
	if len(texts) > MaxEveryField {
		panic(fmt.Sprintf("EveryField takes at most %d texts, got %d", MaxEveryField, len(texts)))
	}
	image := PNG(8, 6)
	tree := &content.Tree{}
	for _, taxonomy := range content.Taxonomies {
		for i, s := range texts {
			tree.Terms = append(tree.Terms, content.Term{
				Taxonomy: taxonomy, Slug: termSlug(i), Title: s, Body: content.NormalizeBody(s),
			})
		}
	}
	sortTerms(tree.Terms)
	for i, s := range texts {
		year := content.MinYear + i
		term := []string{termSlug(i)}
		body := content.NormalizeBody(s)
		line := strings.ReplaceAll(s, "\n", " ")
		img := content.Image{Name: content.ImageName(".png"), Alt: s, Data: image}

		links := []content.Link{{Title: s, URL: escapedURL(s)}}
		if raw := "https://example.org/" + s; validURL(raw) {
			links = append(links, content.Link{Title: s, URL: raw})
		}
		replacer := "Kari Nordmann"
		if s == replacer {
			replacer = "Ola Nordmann"
		}
		stamped := dates(year, time.March, 1+i%28, 9, 30, 0)
		moved := func(format string) content.OldAddresses {
			return content.OldAddresses{Aliases: []string{fmt.Sprintf(format, i)}}
		}
		tree.Reports = append(tree.Reports, content.Report{
			Title:        s,
			Foreword:     content.NormalizeText(s),
			ForewordBy:   line,
			KeyMessages:  []string{line, "Samhandling"},
			MeetingAfter: 1, CommitteesAfter: 1,
			Adopted:      content.NewDate(time.Date(year, time.February, 1, 0, 0, 0, 0, time.UTC)),
			Dates:        stamped,
			OldAddresses: moved("/arsrapporter/gammel-%d/"),
			Description:  s,
			Year:         year,
			MeetingCount: i + 1,
			Themes:       term,
			PDF:          content.PDFName(year),
			PDFData:      PDF,
			DocumentData: PDF,
			GrantRound: &content.GrantRound{
				Deadlines:    []content.Date{content.NewDate(time.Date(year, time.May, 1, 0, 0, 0, 0, time.UTC))},
				Applications: 10, Granted: 5, CutPercent: 20, Amount: 1_000_000,
			},
			Links: links,
			Members: []content.Member{
				{Name: s, JobTitle: s, Organisation: s, Organ: "SSU", Role: "leder", From: s, Until: s},
				{Name: replacer, Organ: "SSU", Replaces: s, From: s},
				{Name: s, JobTitle: s, Organisation: s, Organ: "Arbeidsutvalget", Role: "nestleder", Until: s},
			},
			Body: body,
			Sections: []content.Section{
				{Slug: sectionSlug, Title: s, Weight: 1, Themes: term, Group: s, Image: img, Body: body, Dates: stamped, OldAddresses: moved("/arsrapporter/gammel-%d/del/")},
			},
		})
		tree.Projects = append(tree.Projects, content.Project{
			Slug: projectSlug(i), Title: s, Description: s, Year: year, Weight: 1,
			Schemes: term, Partners: term, PatientGroups: term, Themes: term,
			Amount: 250_000, Progress: "pagar", From: year, Until: year + 2,
			Contact: s, ContactEmail: "kontakt@example.org", Results: s,
			Image: img, Body: body, Dates: stamped, OldAddresses: moved("/prosjekter/gammelt-%d/"),
		})
		tree.Meetings = append(tree.Meetings, content.Meeting{
			Title: s, Date: content.NewDate(time.Date(year, time.June, 6, 0, 0, 0, 0, time.UTC)), Year: year,
			Venue: s, Speakers: []string{line}, Topics: []string{line, "Samhandling"}, Evaluation: s,
			State: content.MeetingHeld, Outcome: s,
			Image: img, Body: body, Dates: stamped, OldAddresses: moved("/partnerskapsmoter/gammelt-%d/"),
		})
		tree.Committees = append(tree.Committees, content.Committee{
			Slug: committeeSlug(i), Title: s, Description: s, Weight: i + 1, Established: year, Body: body, Dates: stamped, OldAddresses: moved("/faglige-samarbeidsutvalg/gammelt-%d/"),
			Statuses: []content.CommitteeStatus{{Title: s, Year: year, Body: body, Dates: stamped, OldAddresses: moved("/faglige-samarbeidsutvalg/gammelt-%d/status/")}},
		})
	}
	// Parse gives projects and committees in slug order.
	slices.SortFunc(tree.Projects, func(a, b content.Project) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortFunc(tree.Committees, func(a, b content.Committee) int { return strings.Compare(a.Slug, b.Slug) })
	return tree
}

// EveryFieldPages returns the addresses (without leading or trailing
// slash) of the pages that show text i of EveryField, by what they are.
func EveryFieldPages(i int) map[string]string {
	year := content.MinYear + i
	pages := map[string]content.Location{
		"report":    content.Report{Year: year}.Location(),
		"section":   content.Section{Slug: sectionSlug}.Location(year),
		"project":   content.Project{Slug: projectSlug(i)}.Location(),
		"meeting":   content.Meeting{Year: year}.Location(),
		"committee": content.Committee{Slug: committeeSlug(i)}.Location(),
		"status":    content.CommitteeStatus{Year: year}.Location(committeeSlug(i)),
	}
	for _, taxonomy := range content.Taxonomies {
		pages[taxonomy] = content.Term{Taxonomy: taxonomy, Slug: termSlug(i)}.Location()
	}
	addresses := map[string]string{}
	for what, page := range pages {
		addresses[what] = strings.Trim(page.URL, "/")
	}
	return addresses
}

// The slugs of text i's pages.
const sectionSlug = "del"

func termSlug(i int) string      { return fmt.Sprintf("t-%d", i) }
func projectSlug(i int) string   { return fmt.Sprintf("prosjekt-%d", i) }
func committeeSlug(i int) string { return fmt.Sprintf("utvalg-%d", i) }

// escapedURL puts s, escaped, into the path, the query and the fragment of
// an https URL; a long s goes into the query only, shortened if need be to
// the longest URL a link may have.
func escapedURL(s string) string {
	u := "https://example.org/" + url.PathEscape(s) + "?q=" + url.QueryEscape(s) + "#" + url.PathEscape(s)
	if len(u) <= content.MaxURL {
		return u
	}
	runes := []rune(s)
	for {
		u = "https://example.org/?q=" + url.QueryEscape(string(runes))
		if len(u) <= content.MaxURL {
			return u
		}
		runes = runes[:len(runes)-1]
	}
}

// validURL is the link check of Tree.Validate.
func validURL(s string) bool {
	tree := content.Tree{Reports: []content.Report{{Title: "x", Year: content.MinYear, Links: []content.Link{{Title: "x", URL: s}}}}}
	return tree.Validate() == nil
}

func sortTerms(terms []content.Term) {
	slices.SortFunc(terms, func(a, b content.Term) int {
		return strings.Compare(a.Taxonomy+"/"+a.Slug, b.Taxonomy+"/"+b.Slug)
	})
}
