// Package synth makes realistic synthetic content for measuring the system
// at archive scale: years of reports with sections, projects, partnership
// meetings, members and committee statuses, in Norwegian text with æøå.
// The same arguments always give the same tree.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// Per year: one report with its sections, the projects, one meeting and a
// status per committee: about 200 pages, so 50 years give about 10,000.
const (
	SectionsPerYear = 35
	ProjectsPerYear = 155
	committees      = 5
	membersPerYear  = 14
)

// PagesPerYear is how many content pages one synthetic year adds.
const PagesPerYear = 1 + SectionsPerYear + ProjectsPerYear + 1 + committees

var words = strings.Fields(`samhandling helsefellesskap kommunene sykehuset pasientene tjenestene
utvikling oppfølging kompetanse rekruttering fastlegene brukerne pårørende psykisk helse rus barn unge
eldre skrøpelighet koordinering tilskudd prosjekt evaluering møteplass erfaringer forløp rehabilitering
digital hjemmeoppfølging beredskap økonomi prioritering styringsdata avtale revisjon arbeidsgruppe
spesialisthelsetjenesten primærhelsetjenesten lokalsykehus distriktspsykiatrisk senter barnevern
jordmor svangerskap fødsel barseltid kroniske lidelser innbyggere tverrfaglig oppsøkende målrettet
bærekraft felles innsats område både også først møtene året sammen gjennomført vedtatt fortløpende`)

var (
	themes        = []string{"Rekruttering", "Samhandling", "Digitalisering", "Beredskap", "Økonomi", "Kompetanse", "Forebygging", "Brukermedvirkning"}
	patientGroups = []string{"Barn og unge", "Alvorlige psykiske lidelser og rus", "Eldre med skrøpelighet", "Flere kroniske lidelser", "Svangerskap, fødsel og barseltid"}
	schemes       = []string{"Rekrutterings- og samhandlingstilskudd", "Samhandlings- og utviklingsprosjekt"}
	places        = []string{"Bærum", "Drammen", "Ringerike", "Kongsberg", "Hallingdal", "Lier", "Øvre Eiker", "Ål", "Modum", "Hole", "Asker", "Flesberg"}
	givenNames    = []string{"Åse", "Øystein", "Kari", "Håkon", "Bjørg", "Ståle", "Ingrid", "Pål", "Tone", "Jørgen", "Solveig", "Ærling"}
	familyNames   = []string{"Lærum", "Sørby", "Haugen", "Bråten", "Kløvstad", "Nilsen", "Dæhli", "Østby", "Grønli", "Aas"}
)

type gen struct{ r *rand.Rand }

func (g gen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g gen) sentence() string {
	n := 8 + g.r.IntN(12)
	w := make([]string, n)
	for i := range w {
		w[i] = g.pick(words)
	}
	r := []rune(strings.Join(w, " "))
	return strings.ToUpper(string(r[0])) + string(r[1:]) + "."
}

// title is three to seven words, capitalised, without a full stop.
func (g gen) title() string {
	w := make([]string, 3+g.r.IntN(5))
	for i := range w {
		w[i] = g.pick(words)
	}
	r := []rune(strings.Join(w, " "))
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

func (g gen) paragraphs(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for j := range 4 + g.r.IntN(4) {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(g.sentence())
		}
	}
	return content.NormalizeBody(b.String())
}

func terms(taxonomy string, names []string) []content.Term {
	out := make([]content.Term, len(names))
	for i, name := range names {
		out[i] = content.Term{Taxonomy: taxonomy, Slug: content.Slugify(name), Title: name}
	}
	return out
}

func slugs(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = content.Slugify(s)
	}
	return out
}

// Tree returns `years` years of content, ending with firstYear+years-1.
func Tree(firstYear, years int) *content.Tree {
	g := gen{rand.New(rand.NewPCG(uint64(firstYear), uint64(years)))}
	partners := make([]string, 0, len(places)*2)
	for _, p := range places {
		partners = append(partners, p+" kommune", p+" sykehus")
	}
	t := &content.Tree{}
	t.Terms = append(t.Terms, terms("ordninger", schemes)...)
	t.Terms = append(t.Terms, terms("partnere", partners)...)
	t.Terms = append(t.Terms, terms("pasientgrupper", patientGroups)...)
	t.Terms = append(t.Terms, terms("tema", themes)...)
	partnerSlugs, groupSlugs, themeSlugs, schemeSlugs := slugs(partners), slugs(patientGroups), slugs(themes), slugs(schemes)

	for i := range committees {
		c := content.Committee{Slug: fmt.Sprintf("utvalg-%d", i+1), Title: "Faglig samarbeidsutvalg for " + strings.ToLower(g.pick(patientGroups)), Weight: i + 1}
		t.Committees = append(t.Committees, c)
	}

	for y := firstYear; y < firstYear+years; y++ {
		r := content.Report{
			Title:        fmt.Sprintf("Årsrapport for Strategisk samarbeidsutvalg (SSU) %d", y),
			Description:  g.title(),
			Year:         y,
			MeetingCount: 5 + g.r.IntN(4),
			Themes:       []string{g.pick(themeSlugs)},
			GrantRound:   &content.GrantRound{Applications: 10 + g.r.IntN(20), Granted: 5 + g.r.IntN(5), CutPercent: g.r.IntN(25), Amount: 1_000_000 + g.r.IntN(5_000_000)},
			Links:        []content.Link{{Title: "Overordnet samarbeidsavtale", URL: "https://www.vestreviken.no/samarbeidsavtale"}},
			Body:         g.paragraphs(2),
		}
		seen := map[string]bool{}
		for len(r.Members) < membersPerYear {
			name := g.pick(givenNames) + " " + g.pick(familyNames)
			if seen[name] {
				continue
			}
			seen[name] = true
			r.Members = append(r.Members, content.Member{Name: name, JobTitle: "kommunalsjef helse og omsorg", Organisation: g.pick(places) + " kommune", Organ: "SSU"})
		}
		for s := range SectionsPerYear {
			r.Sections = append(r.Sections, content.Section{
				Slug: fmt.Sprintf("del-%02d", s+1), Title: g.title(), Weight: s + 1,
				Themes: []string{g.pick(themeSlugs)}, Body: g.paragraphs(2 + g.r.IntN(3)),
			})
		}
		t.Reports = append(t.Reports, r)

		for p := range ProjectsPerYear {
			t.Projects = append(t.Projects, content.Project{
				Slug: fmt.Sprintf("prosjekt-%d-%03d", y, p+1), Title: g.title(), Description: g.sentence(),
				Year: y, Weight: p + 1, Schemes: []string{g.pick(schemeSlugs)},
				Partners:      []string{partnerSlugs[(2*p)%len(partnerSlugs)], partnerSlugs[(2*p+1)%len(partnerSlugs)]},
				PatientGroups: []string{g.pick(groupSlugs)}, Amount: 100_000 * (1 + g.r.IntN(30)), Body: g.paragraphs(2),
			})
		}
		t.Meetings = append(t.Meetings, content.Meeting{
			Title: fmt.Sprintf("Partnerskapsmøte %d", y), Year: y,
			Date:  content.NewDate(time.Date(y, time.June, 1+g.r.IntN(28), 0, 0, 0, 0, time.UTC)),
			Venue: "Union scene, Drammen", Topics: []string{g.title()}, Body: g.paragraphs(2),
		})
		for i := range t.Committees {
			t.Committees[i].Statuses = append(t.Committees[i].Statuses, content.CommitteeStatus{Title: fmt.Sprintf("Status %d", y), Year: y, Body: g.paragraphs(2)})
		}
	}
	return t
}

// Size is an archive size the scale benchmarks measure.
type Size struct {
	Name  string
	Years int
}

// Sizes are about 1,000 and about 10,000 pages; the benchmarks measure the
// seed content besides.
var Sizes = []Size{{"1k", 5}, {"10k", 50}}

// Tree of the size, from the year 2000.
func (s Size) Tree() *content.Tree { return Tree(2000, s.Years) }
