package content

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits shared by the content files and the PocketBase fields.
const (
	MinYear        = 2000
	MaxYear        = 2100
	MaxTitle       = 200
	MaxDescription = 600
	MaxShortText   = 300
	MaxBody        = 100_000
	MaxURL         = 2000
	MaxForeword    = 10_000
	MaxSummary     = 4000 // a project's results, a meeting's outcome
)

// Membership bodies and roles, as stored and written.
var (
	MemberBodies = []string{"SSU", "Arbeidsutvalget"}
	MemberRoles  = []string{"leder", "nestleder"}
)

// The states of a partnership meeting and the progress of a project, as
// stored and written; the site names each by the i18n key
// meetingState-<value> or progress-<value>.
const (
	MeetingPlanned   = "planlagt"
	MeetingHeld      = "gjennomfort"
	MeetingCancelled = "avlyst"
)

var (
	MeetingStates   = []string{MeetingPlanned, MeetingHeld, MeetingCancelled}
	ProjectProgress = []string{"planlagt", "pagar", "avsluttet"}
)

// Validate checks the facts a file cannot check alone: required fields,
// limits, and that every theme, partner, scheme and patient group named
// exists as a term.
func (t *Tree) Validate() error { return t.validate(nil) }

func (t *Tree) validate(frontMatter map[string]string) error {
	v := t.check(frontMatter)
	errs := make([]error, len(v.errs))
	for i, e := range v.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// check runs every check of Validate and returns what it found.
func (t *Tree) check(frontMatter map[string]string) *validator {
	v := &validator{frontMatter: frontMatter, terms: map[string]bool{}}
	for _, term := range t.Terms {
		v.terms[term.Taxonomy+"/"+term.Slug] = true
		p := term.Location().File
		if !slices.Contains(Taxonomies, term.Taxonomy) {
			// The taxonomy is a directory: anything else could name a path
			// outside content/, and the importer would not read it back.
			v.errs = append(v.errs, &FileError{Path: p, Reason: fmt.Sprintf("«%s» er ingen taksonomi; bare %s", term.Taxonomy, strings.Join(Taxonomies, ", "))})
		}
		v.slug(p, term.Slug)
		v.text(p, "title", term.Title, MaxTitle, true)
		v.body(p, term.Body)
	}
	for _, r := range t.Reports {
		v.report(r)
	}
	seen := map[string]bool{}
	for _, pr := range t.Projects {
		p := v.unique(seen, pr.Location())
		v.image(p, pr.Image)
		v.slug(p, pr.Slug)
		v.text(p, "title", pr.Title, MaxTitle, true)
		v.text(p, "description", pr.Description, MaxDescription, false)
		v.body(p, pr.Body)
		v.year(p, "aar", pr.Year)
		v.notNegative(p, "belop", pr.Amount)
		v.termRefs(p, "ordninger", pr.Schemes)
		v.termRefs(p, "partnere", pr.Partners)
		v.termRefs(p, "pasientgrupper", pr.PatientGroups)
		v.termRefs(p, "tema", pr.Themes)
		v.oneOf(p, "fremdrift", pr.Progress, ProjectProgress)
		if err := CheckPeriod(pr.From, pr.Until); err != nil {
			v.fail(p, "periode_til", "%s", err)
		}
		v.text(p, "kontakt", pr.Contact, MaxShortText, false)
		if err := CheckEmail(pr.ContactEmail); err != nil {
			v.fail(p, "kontakt_epost", "%s", err)
		}
		v.text(p, "resultater", pr.Results, MaxSummary, false)
	}
	for _, m := range t.Meetings {
		p := v.unique(seen, m.Location())
		v.image(p, m.Image)
		v.text(p, "title", m.Title, MaxTitle, true)
		v.year(p, "aar", m.Year)
		if err := CheckMeetingDate(m.Date, m.Year); err != nil {
			v.fail(p, "date", "%s", err)
		}
		v.text(p, "sted", m.Venue, MaxShortText, false)
		v.lines(p, "innledere", m.Speakers)
		v.lines(p, "temaer", m.Topics)
		v.text(p, "evaluering", m.Evaluation, MaxDescription, false)
		v.oneOf(p, "tilstand", m.State, MeetingStates)
		v.text(p, "utfall", m.Outcome, MaxSummary, false)
		v.body(p, m.Body)
	}
	for _, c := range t.Committees {
		p := c.Location().File
		v.slug(p, c.Slug)
		v.text(p, "title", c.Title, MaxTitle, true)
		v.text(p, "description", c.Description, MaxDescription, false)
		v.body(p, c.Body)
		if c.Established != 0 {
			v.year(p, "etablert", c.Established)
		}
		for _, s := range c.Statuses {
			sp := s.Location(c.Slug).File
			v.text(sp, "title", s.Title, MaxTitle, true)
			v.year(sp, "aar", s.Year)
			v.body(sp, s.Body)
		}
	}
	v.links(t)
	v.aliases(t)
	return v
}

// aliases refuses an old address that is not a page address, that is the
// address of a page, or that two pages claim: it could not redirect.
func (v *validator) aliases(t *Tree) {
	pages := map[string]bool{}
	for page := range t.Pages() {
		pages[page.URL] = true
	}
	claimed := map[string]string{}
	for page := range t.Pages() {
		for _, a := range page.Aliases {
			bad := ""
			switch by, seen := claimed[a]; {
			case CheckAlias(a) != nil:
				bad = CheckAlias(a).Error()
			case pages[a]:
				bad = fmt.Sprintf("den gamle adressen %s er adressen til en side", a)
			case seen:
				bad = fmt.Sprintf("den gamle adressen %s er også en gammel adresse til %s", a, by)
			}
			if bad != "" {
				v.fail(page.File, "aliases", "%s", bad)
				v.badAliases = append(v.badAliases, badAlias{page.File, a, bad})
				continue
			}
			claimed[a] = page.URL
		}
	}
}

// links refuses a body that links to a page the tree does not have.
func (v *validator) links(t *Tree) {
	paths := t.Paths()
	check := func(file, body string) {
		for _, link := range BrokenLinks(body, paths) {
			v.errs = append(v.errs, &FileError{Path: file, Key: "(brødtekst)", Reason: fmt.Sprintf("lenken %s peker til en side som ikke finnes", link)})
			v.broken = append(v.broken, brokenLink{file, link})
		}
	}
	for page := range t.Pages() {
		check(page.File, page.Body)
	}
}

func (v *validator) report(r Report) {
	p := r.Location().File
	v.year(p, "aar", r.Year)
	v.text(p, "title", r.Title, MaxTitle, true)
	v.text(p, "description", r.Description, MaxDescription, false)
	v.body(p, r.Body)
	v.notNegative(p, "moter", r.MeetingCount)
	v.termRefs(p, "tema", r.Themes)
	v.text(p, "forord", r.Foreword, MaxForeword, false)
	v.text(p, "forord_av", r.ForewordBy, MaxShortText, false)
	v.lines(p, "hovedbudskap", r.KeyMessages)
	v.notNegative(p, "moete_etter", r.MeetingAfter)
	v.notNegative(p, "utvalg_etter", r.CommitteesAfter)
	if n := len(r.KeyMessages); n > MaxKeyMessages {
		v.fail(p, "hovedbudskap", "høyst %d hovedbudskap; rapporten har %d", MaxKeyMessages, n)
	}
	if r.PDF != "" && r.PDF != PDFName(r.Year) {
		v.fail(p, "pdf", "PDF-filen skal hete %s", PDFName(r.Year))
	}
	if r.GrantRound != nil {
		v.grantRound(p, *r.GrantRound)
	}
	for _, l := range r.Links {
		v.link(p, l)
	}
	for i := range r.Members {
		v.member(p, r.Members, i)
	}

	sections := map[string]bool{}
	for _, s := range r.Sections {
		sp := v.unique(sections, s.Location(r.Year))
		v.image(sp, s.Image)
		v.slug(sp, s.Slug)
		v.text(sp, "title", s.Title, MaxTitle, true)
		v.text(sp, "gruppe", s.Group, MaxTitle, false)
		v.body(sp, s.Body)
		v.termRefs(sp, "tema", s.Themes)
	}
}

// Checks of the parts of a report, which Prune leaves out one by one.

func (v *validator) grantRound(p string, g GrantRound) {
	for _, d := range g.Deadlines {
		if d.IsZero() {
			v.fail(p, "soknadsfrister", "en søknadsfrist mangler dato")
		}
	}
	v.notNegative(p, "soknader", g.Applications)
	v.notNegative(p, "innvilget", g.Granted)
	v.notNegative(p, "belop", g.Amount)
	if g.CutPercent < 0 || g.CutPercent > 100 {
		v.fail(p, "kutt_prosent", "kuttet må være mellom 0 og 100 prosent")
	}
	if err := CheckGrantFigures(g.Applications, g.Granted); err != nil {
		v.fail(p, "innvilget", "%s", err)
	}
}

func (v *validator) link(p string, l Link) {
	v.text(p, "title", l.Title, MaxTitle, true)
	if err := CheckLinkURL(l.URL); err != nil {
		v.fail(p, "url", "%s", err)
	}
}

// member checks the i-th of a report's members, alone and beside the
// others: a name given twice in one body is wrong the second time, and
// the member it replaces must be there.
func (v *validator) member(p string, members []Member, i int) {
	m := members[i]
	v.text(p, "navn", m.Name, MaxShortText, true)
	v.text(p, "stilling", m.JobTitle, MaxShortText, false)
	v.text(p, "organisasjon", m.Organisation, MaxShortText, false)
	v.text(p, "fra", m.From, MaxShortText, false)
	v.text(p, "til", m.Until, MaxShortText, false)
	if !slices.Contains(MemberBodies, m.Organ) {
		v.fail(p, "organ", "organ «%s» for %s må være ett av %s", m.Organ, m.Name, strings.Join(MemberBodies, ", "))
	}
	if m.Role != "" && !slices.Contains(MemberRoles, m.Role) {
		v.fail(p, "rolle", "rolle «%s» for %s må være tom eller en av %s", m.Role, m.Name, strings.Join(MemberRoles, ", "))
	}
	if slices.ContainsFunc(members[:i], func(o Member) bool { return o.Organ == m.Organ && o.Name == m.Name }) {
		v.fail(p, "navn", "%s står to ganger i %s", m.Name, m.Organ)
	}
	if m.Replaces != "" && !slices.ContainsFunc(members, func(o Member) bool { return o.Organ == m.Organ && o.Name == m.Replaces }) {
		v.fail(p, "erstatter", "%s erstatter «%s», som ikke er medlem av %s dette året", m.Name, m.Replaces, m.Organ)
	}
}

type validator struct {
	frontMatter map[string]string
	terms       map[string]bool
	errs        []*FileError
	broken      []brokenLink // also in errs
	badAliases  []badAlias   // also in errs
}

type badAlias struct{ file, alias, reason string }

type brokenLink struct{ file, link string }

func (v *validator) fail(file, key, format string, args ...any) {
	line := 0
	if data, ok := v.frontMatter[file]; ok {
		line = fileKeyLine(data, key)
	}
	v.errs = append(v.errs, &FileError{Path: file, Line: line, Key: key, Reason: fmt.Sprintf(format, args...)})
}

// unique refuses a page that is in the tree twice, as x.md and x/index.md:
// two pages at one address. It returns the page's file.
func (v *validator) unique(seen map[string]bool, page Location) string {
	if seen[page.URL] {
		v.errs = append(v.errs, &FileError{Path: page.File, Reason: "siden finnes to ganger (både som fil og som mappe med index.md)"})
	}
	seen[page.URL] = true
	return page.File
}

func (v *validator) image(file string, img Image) {
	switch {
	case img.Name == "" && img.Alt == "":
		return
	case img.Name == "":
		v.fail(file, "bilde_alt", "alternativ tekst uten bilde")
	case !slices.Contains(ImageTypes, path.Ext(img.Name)) || img.Name != ImageName(path.Ext(img.Name)):
		v.fail(file, "bilde", "bildet skal hete bilde.jpg, bilde.png eller bilde.webp, ikke %s", img.Name)
	case len(img.Data) == 0:
		v.fail(file, "bilde", "bildefilen %s er tom", img.Name)
	case strings.TrimSpace(img.Alt) == "":
		v.fail(file, "bilde", "bildet mangler alternativ tekst (bilde_alt): beskriv bildet for dem som ikke ser det")
	}
	v.text(file, "bilde_alt", img.Alt, MaxShortText, false)
}

func (v *validator) slug(file, slug string) {
	if err := ValidateSlug(slug); err != nil {
		v.errs = append(v.errs, &FileError{Path: file, Reason: err.Error()})
	}
}

func (v *validator) text(file, key, s string, limit int, required bool) {
	switch {
	case required && strings.TrimSpace(s) == "":
		v.fail(file, key, "feltet «%s» mangler eller er tomt", key)
	case len(s) > limit && utf8.RuneCountInString(s) > limit: // a rune is at least a byte: most texts are not counted
		v.fail(file, key, "feltet «%s» er lengre enn %d tegn", key, limit)
	case !utf8.ValidString(s):
		v.fail(file, key, "feltet «%s» er ikke gyldig UTF-8", key)
	}
}

// body checks a Markdown body: its length, and what would make it take
// too long to render (CheckBody).
func (v *validator) body(file, s string) {
	v.text(file, "(brødtekst)", s, MaxBody, false)
	if err := CheckBody(s); err != nil {
		v.fail(file, "(brødtekst)", "%s", err)
	}
}

func (v *validator) lines(file, key string, items []string) {
	for _, s := range items {
		if strings.TrimSpace(s) == "" || strings.Contains(s, "\n") {
			v.fail(file, key, "hver linje i «%s» må ha tekst og ingen linjeskift", key)
		}
		v.text(file, key, s, MaxShortText, false)
	}
}

// oneOf refuses a value that is neither empty nor one of values.
func (v *validator) oneOf(file, key, s string, values []string) {
	if s != "" && !slices.Contains(values, s) {
		v.fail(file, key, "«%s» = «%s» må være tom eller en av %s", key, s, strings.Join(values, ", "))
	}
}

func (v *validator) year(file, key string, year int) {
	if err := CheckYear(key, year); err != nil {
		v.fail(file, key, "%s", err)
	}
}

func (v *validator) notNegative(file, key string, n int) {
	if n < 0 {
		v.fail(file, key, "«%s» kan ikke være negativt", key)
	}
}

func (v *validator) termRefs(file, taxonomy string, slugs []string) {
	seen := map[string]bool{}
	for _, slug := range slugs {
		if !v.terms[taxonomy+"/"+slug] {
			v.fail(file, taxonomy, "«%s» finnes ikke i %s", slug, taxonomy)
		}
		if seen[slug] {
			v.fail(file, taxonomy, "«%s» står to ganger i %s", slug, taxonomy)
		}
		seen[slug] = true
	}
}
