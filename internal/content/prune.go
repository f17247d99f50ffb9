package content

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// Problem is a page that an export or build leaves out, or shows with a
// link made plain text, and why: what the publication log, the preview's
// overview and `ssu export` tell the editors.
type Problem struct {
	Location
	Key     string // the front-matter key, "(brødtekst)" for the body; may be empty
	Reason  string // Norwegian, lower case
	LeftOut bool   // the page is left out; else it is kept, mended as Mended says
	Mended  string // what was done to keep the page, Norwegian, lower case
}

// String is one Norwegian sentence naming the page.
func (p Problem) String() string {
	if p.LeftOut {
		return fmt.Sprintf("Siden %s (%s) er utelatt: %s.", p.URL, p.File, p.Reason)
	}
	return fmt.Sprintf("Siden %s (%s) er med, men %s; %s.", p.URL, p.File, p.Reason, p.Mended)
}

// Prune makes the tree pass Validate by leaving out each page that does not
// (a report or committee with the pages beside it; a section or status
// alone, its report or committee staying) and each member, source link or
// grant round of a report that does not (the report staying), dropping
// references to terms left out, and showing a link to a page that is not
// there as plain text.
// It returns what it did, so that one bad record never stops the others
// from being published.
func (t *Tree) Prune() ([]Problem, error) {
	problems := t.dropBadParts()
	for range t.Records() + 2 {
		problems = append(problems, t.dropUnknownTerms()...)
		v := t.check(nil)
		if len(v.errs) == 0 {
			return problems, nil
		}
		// A link that cannot be made plain text leaves its page out, so that
		// the tree gets smaller on every round and never fails as a whole.
		unmended := map[string]bool{}
		for _, b := range v.broken {
			body := t.body(b.file)
			if body == nil {
				continue
			}
			if mended := Unlink(*body, b.link); mended != *body {
				*body = mended
				problems = append(problems, Problem{Location: t.location(b.file), Key: "(brødtekst)", Reason: fmt.Sprintf("lenken %s peker til en side som ikke finnes", b.link), Mended: "lenken vises som vanlig tekst"})
			} else {
				unmended[b.file] = true
			}
		}
		// An old address that cannot redirect is dropped; the page stays.
		for _, b := range v.badAliases {
			if aliases := t.aliases(b.file); aliases != nil {
				*aliases = slices.DeleteFunc(*aliases, func(a string) bool { return a == b.alias })
				problems = append(problems, Problem{Location: t.location(b.file), Key: "aliases", Reason: b.reason, Mended: "den gamle adressen sendes ikke videre"})
			}
		}
		left := map[string]bool{}
		for _, e := range v.errs {
			isLink := e.Key == "(brødtekst)" && strings.HasPrefix(e.Reason, "lenken ")
			if isLink && !unmended[e.Path] || e.Key == "aliases" || left[e.Path] {
				continue
			}
			loc := t.location(e.Path)
			if !t.remove(e.Path) {
				return problems, fmt.Errorf("%w (siden finnes ikke i innholdet)", e)
			}
			left[e.Path] = true
			problems = append(problems, Problem{Location: loc, Key: e.Key, Reason: e.Reason, LeftOut: true})
		}
	}
	return problems, t.Validate()
}

// LeaveOut leaves out the page of a file of the tree (its content file, or
// a file in its bundle such as its image) that the site cannot be built
// with, and mends what depends on it as Prune does: links to it become
// text, a report or committee goes with its pages. The first problem
// names the page and reason.
func (t *Tree) LeaveOut(file, reason string) ([]Problem, error) {
	page, ok := t.pageOf(file)
	if !ok {
		return nil, fmt.Errorf("%s is no page of the content tree", file)
	}
	key := ""
	if page.File != file && strings.HasPrefix(path.Base(file), "bilde.") {
		key = "bilde"
	}
	t.remove(page.File)
	problems, err := t.Prune()
	return append([]Problem{{Location: page, Key: key, Reason: reason, LeftOut: true}}, problems...), err
}

// pageOf is the page whose content file is file, or else the page whose
// bundle holds it.
func (t *Tree) pageOf(file string) (Location, bool) {
	var bundle *Location
	for page := range t.Pages() {
		if page.File == file {
			return page.Location, true
		}
		if base := path.Base(page.File); (base == "index.md" || base == "_index.md") && path.Dir(page.File) == path.Dir(file) {
			bundle = &page.Location
		}
	}
	if bundle == nil {
		return Location{}, false
	}
	return *bundle, true
}

// dropBadParts leaves out each member, source link and grant round that
// does not pass Validate, and keeps its report.
func (t *Tree) dropBadParts() []Problem {
	var problems []Problem
	for i := range t.Reports {
		r := &t.Reports[i]
		loc := r.Location()
		drop := func(check func(v *validator), what string) bool {
			v := &validator{}
			check(v)
			if len(v.errs) == 0 {
				return false
			}
			problems = append(problems, Problem{Location: loc, Key: v.errs[0].Key, Reason: v.errs[0].Reason, Mended: what + " er utelatt"})
			return true
		}
		if g := r.GrantRound; g != nil && drop(func(v *validator) { v.grantRound(loc.File, *g) }, "tilskuddsrunden") {
			r.GrantRound = nil
		}
		r.Links = slices.DeleteFunc(r.Links, func(l Link) bool {
			return drop(func(v *validator) { v.link(loc.File, l) }, "kilden "+partName(l.Title))
		})
		// Leaving out a member can make another wrong (one who replaces
		// it), so the members are checked again after each.
		for j := 0; j < len(r.Members); j++ {
			if drop(func(v *validator) { v.member(loc.File, r.Members, j) }, "medlemmet "+partName(r.Members[j].Name)) {
				r.Members = slices.Delete(r.Members, j, j+1)
				j = -1
			}
		}
	}
	return problems
}

// partName names a part of a report in a sentence, however its name is
// broken: quoted, short, and readable.
func partName(name string) string {
	name = strings.ToValidUTF8(strings.Join(strings.Fields(name), " "), "\uFFFD")
	if r := []rune(name); len(r) > 60 {
		name = string(r[:59]) + "…"
	}
	if name == "" {
		return "uten navn"
	}
	return "«" + name + "»"
}

// location is the location of the page with this file.
func (t *Tree) location(file string) Location {
	for page := range t.Pages() {
		if page.File == file {
			return page.Location
		}
	}
	return Location{File: file}
}

// aliases are the old addresses of the page with this file, nil for none.
func (t *Tree) aliases(file string) *[]string {
	for i := range t.Reports {
		r := &t.Reports[i]
		if r.Location().File == file {
			return &r.Aliases
		}
		for j := range r.Sections {
			if r.Sections[j].Location(r.Year).File == file {
				return &r.Sections[j].Aliases
			}
		}
	}
	for i := range t.Projects {
		if t.Projects[i].Location().File == file {
			return &t.Projects[i].Aliases
		}
	}
	for i := range t.Meetings {
		if t.Meetings[i].Location().File == file {
			return &t.Meetings[i].Aliases
		}
	}
	for i := range t.Committees {
		c := &t.Committees[i]
		if c.Location().File == file {
			return &c.Aliases
		}
		for j := range c.Statuses {
			if c.Statuses[j].Location(c.Slug).File == file {
				return &c.Statuses[j].Aliases
			}
		}
	}
	return nil
}

// body is the body of the page with this file, nil for none.
func (t *Tree) body(file string) *string {
	for i := range t.Terms {
		if t.Terms[i].Location().File == file {
			return &t.Terms[i].Body
		}
	}
	for i := range t.Reports {
		r := &t.Reports[i]
		if r.Location().File == file {
			return &r.Body
		}
		for j := range r.Sections {
			if r.Sections[j].Location(r.Year).File == file {
				return &r.Sections[j].Body
			}
		}
	}
	for i := range t.Projects {
		if t.Projects[i].Location().File == file {
			return &t.Projects[i].Body
		}
	}
	for i := range t.Meetings {
		if t.Meetings[i].Location().File == file {
			return &t.Meetings[i].Body
		}
	}
	for i := range t.Committees {
		c := &t.Committees[i]
		if c.Location().File == file {
			return &c.Body
		}
		for j := range c.Statuses {
			if c.Statuses[j].Location(c.Slug).File == file {
				return &c.Statuses[j].Body
			}
		}
	}
	return nil
}

// remove leaves out the page with this file, and the pages beside a
// report or committee; it reports whether there was one.
func (t *Tree) remove(file string) bool {
	n := t.Records()
	t.Terms = slices.DeleteFunc(t.Terms, func(x Term) bool { return x.Location().File == file })
	t.Reports = slices.DeleteFunc(t.Reports, func(x Report) bool { return x.Location().File == file })
	for i := range t.Reports {
		r := &t.Reports[i]
		r.Sections = slices.DeleteFunc(r.Sections, func(x Section) bool { return x.Location(r.Year).File == file })
	}
	t.Projects = slices.DeleteFunc(t.Projects, func(x Project) bool { return x.Location().File == file })
	t.Meetings = slices.DeleteFunc(t.Meetings, func(x Meeting) bool { return x.Location().File == file })
	t.Committees = slices.DeleteFunc(t.Committees, func(x Committee) bool { return x.Location().File == file })
	for i := range t.Committees {
		c := &t.Committees[i]
		c.Statuses = slices.DeleteFunc(c.Statuses, func(x CommitteeStatus) bool { return x.Location(c.Slug).File == file })
	}
	return t.Records() < n
}

// dropUnknownTerms removes references to terms the tree does not hold
// (left out, or never there), and says which.
func (t *Tree) dropUnknownTerms() []Problem {
	terms := map[string]bool{}
	for _, term := range t.Terms {
		terms[term.Taxonomy+"/"+term.Slug] = true
	}
	var problems []Problem
	drop := func(loc Location, taxonomy string, slugs *[]string) {
		*slugs = slices.DeleteFunc(*slugs, func(slug string) bool {
			if terms[taxonomy+"/"+slug] {
				return false
			}
			problems = append(problems, Problem{Location: loc, Key: taxonomy, Reason: fmt.Sprintf("«%s» finnes ikke i %s", slug, taxonomy), Mended: "den er tatt bort fra siden"})
			return true
		})
	}
	for i := range t.Reports {
		r := &t.Reports[i]
		drop(r.Location(), "tema", &r.Themes)
		for j := range r.Sections {
			drop(r.Sections[j].Location(r.Year), "tema", &r.Sections[j].Themes)
		}
	}
	for i := range t.Projects {
		p := &t.Projects[i]
		for _, refs := range []struct {
			taxonomy string
			slugs    *[]string
		}{{"ordninger", &p.Schemes}, {"partnere", &p.Partners}, {"pasientgrupper", &p.PatientGroups}, {"tema", &p.Themes}} {
			drop(p.Location(), refs.taxonomy, refs.slugs)
		}
	}
	return problems
}

// Unlink shows every Markdown link or image to target (a site path, as
// InternalLinks gives it) as its plain text.
func Unlink(markdown, target string) string {
	var b strings.Builder
	last := 0
	group := func(from, to int) string {
		if from < 0 {
			return ""
		}
		return markdown[from:to]
	}
	for _, m := range markdownLink.FindAllStringSubmatchIndex(markdown, -1) {
		found := group(m[2], m[3]) + group(m[4], m[5])
		found, _, _ = strings.Cut(found, "#")
		found, _, _ = strings.Cut(found, "?")
		if found != target || m[0] < last {
			continue
		}
		if m[2] >= 0 { // inline: [text](target …)
			open := openingBracket(markdown, m[0])
			end := strings.IndexByte(markdown[m[1]:], ')')
			if open < last || end < 0 {
				continue
			}
			if open > 0 && markdown[open-1] == '!' {
				open--
			}
			b.WriteString(markdown[last:open])
			b.WriteString(strings.TrimPrefix(markdown[open:m[0]], "!")[1:])
			last = m[1] + end + 1
			continue
		}
		// A reference definition, [x]: target: the line goes.
		start := strings.LastIndexByte(markdown[:m[0]+1], '\n') + 1
		end := strings.IndexByte(markdown[m[1]:], '\n')
		if start < last {
			continue
		}
		b.WriteString(markdown[last:start])
		if last = len(markdown); end >= 0 {
			last = m[1] + end + 1
		}
	}
	b.WriteString(markdown[last:])
	return b.String()
}

// openingBracket finds the [ that the ] at close closes; -1 for none.
func openingBracket(s string, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch s[i] {
		case ']':
			depth++
		case '[':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}
