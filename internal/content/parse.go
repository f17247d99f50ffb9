package content

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Parse builds a tree from file paths (relative to content/) and bytes.
func Parse(files map[string][]byte) (*Tree, error) {
	p := parser{tree: &Tree{}, files: files, frontMatter: map[string]string{}, used: map[string]bool{}}
	paths := make([]string, 0, len(files))
	for name := range files {
		paths = append(paths, name)
	}
	slices.Sort(paths)

	// Reports and committees first, so that their children find them.
	for _, name := range paths {
		parts := strings.Split(name, "/")
		if len(parts) == 3 && parts[2] == indexFile {
			p.parseIndex(name, parts)
		}
	}
	for _, name := range paths {
		parts := strings.Split(name, "/")
		switch {
		case len(parts) == 3 && parts[2] == indexFile:
		case p.isResource(name):
			// An image, read with the page of its bundle.
		case len(parts) >= 2 && parts[len(parts)-1] == bundleIndex:
			// A leaf bundle reads as the page it holds: x/index.md is x.md.
			leaf := append(slices.Clone(parts[:len(parts)-2]), parts[len(parts)-2]+".md")
			p.parseLeaf(name, leaf)
		default:
			p.parseLeaf(name, parts)
		}
	}
	for _, name := range paths {
		if p.isResource(name) && !p.used[name] {
			p.fail(name, 0, "bildet hører ikke til noen side: sidens forside nevner det ikke")
		}
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	p.tree.sort()
	if err := p.tree.validate(p.frontMatter); err != nil {
		return nil, err
	}
	return p.tree, nil
}

type parser struct {
	tree        *Tree
	files       map[string][]byte
	frontMatter map[string]string // path → file text, for error lines
	used        map[string]bool   // resources a page has claimed
	errs        []error
}

// isResource reports whether name is a file beside a leaf bundle's
// index.md, such as its image.
func (p *parser) isResource(name string) bool {
	if path.Base(name) == bundleIndex {
		return false
	}
	_, isBundle := p.files[path.Join(path.Dir(name), bundleIndex)]
	return isBundle
}

// image attaches the image named in a page's front matter. Only a leaf
// bundle (…/index.md) can hold one.
func (p *parser) image(name string, img *Image) bool {
	if img.Name == "" {
		return true
	}
	if path.Base(name) != bundleIndex {
		p.fail(name, fileKeyLine(p.frontMatter[name], "bilde"), "en side med bilde må ligge i en egen mappe som index.md")
		return false
	}
	file := path.Join(path.Dir(name), img.Name)
	data, ok := p.files[file]
	if !ok {
		p.fail(name, fileKeyLine(p.frontMatter[name], "bilde"), "bildet %s finnes ikke i mappen", img.Name)
		return false
	}
	p.used[file] = true
	img.Data = data
	return true
}

func (p *parser) fail(name string, line int, format string, args ...any) {
	p.errs = append(p.errs, &FileError{Path: name, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (p *parser) decode(name string, fm any) (string, bool) {
	body, err := decodeFile(name, p.files[name], fm)
	if err != nil {
		p.errs = append(p.errs, err)
		return "", false
	}
	p.frontMatter[name] = string(p.files[name])
	return body, true
}

// parseIndex reads <dir>/<key>/_index.md: a report, a committee or a term.
func (p *parser) parseIndex(name string, parts []string) {
	dir, key := parts[0], parts[1]
	switch {
	case dir == ReportsDir:
		year, ok := p.year(name, key)
		if !ok {
			return
		}
		r := Report{}
		body, ok := p.decode(name, &r)
		if !ok {
			return
		}
		if r.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med mappen %s", r.Year, key)
			return
		}
		r.Body = body
		p.tree.Reports = append(p.tree.Reports, r)
	case dir == CommitteesDir:
		if !p.slug(name, key) {
			return
		}
		c := Committee{Slug: key}
		body, ok := p.decode(name, &c)
		if !ok {
			return
		}
		c.Body = body
		p.tree.Committees = append(p.tree.Committees, c)
	case slices.Contains(Taxonomies, dir):
		if !p.slug(name, key) {
			return
		}
		term := Term{Taxonomy: dir, Slug: key}
		body, ok := p.decode(name, &term)
		if !ok {
			return
		}
		term.Body = body
		p.tree.Terms = append(p.tree.Terms, term)
	default:
		p.fail(name, 0, "ukjent fil: eksporten skriver ingen slik fil")
	}
}

// parseLeaf reads every file that is not a bundle's _index.md.
func (p *parser) parseLeaf(name string, parts []string) {
	switch {
	case len(parts) == 2 && parts[0] == ProjectsDir && strings.HasSuffix(parts[1], ".md"):
		slug := strings.TrimSuffix(parts[1], ".md")
		if !p.slug(name, slug) {
			return
		}
		pr := Project{Slug: slug}
		body, ok := p.decode(name, &pr)
		if !ok || !p.image(name, &pr.Image) {
			return
		}
		pr.Body = body
		p.tree.Projects = append(p.tree.Projects, pr)

	case len(parts) == 2 && parts[0] == MeetingsDir && strings.HasSuffix(parts[1], ".md"):
		year, ok := p.year(name, strings.TrimSuffix(parts[1], ".md"))
		if !ok {
			return
		}
		m := Meeting{}
		body, ok := p.decode(name, &m)
		if !ok || !p.image(name, &m.Image) {
			return
		}
		if m.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med filnavnet", m.Year)
			return
		}
		m.Body = body
		p.tree.Meetings = append(p.tree.Meetings, m)

	case len(parts) == 3 && parts[0] == ReportsDir:
		r := p.report(name, parts[1])
		if r == nil {
			return
		}
		if parts[2] == PDFName(r.Year) {
			if r.PDF != parts[2] {
				p.fail(name, 0, "PDF-filen er ikke nevnt i rapportens forside (pdf = %q)", parts[2])
				return
			}
			r.PDFData = p.files[name]
			return
		}
		if parts[2] == DocumentName(r.Year) {
			r.DocumentData = p.files[name]
			return
		}
		slug, isMarkdown := strings.CutSuffix(parts[2], ".md")
		if !isMarkdown {
			p.fail(name, 0, "ukjent fil i rapportmappen: bare delene (.md), %s og %s hører hjemme her", DocumentName(r.Year), PDFName(r.Year))
			return
		}
		if !p.slug(name, slug) {
			return
		}
		s := Section{Slug: slug}
		body, ok := p.decode(name, &s)
		if !ok || !p.image(name, &s.Image) {
			return
		}
		s.Body = body
		r.Sections = append(r.Sections, s)

	case len(parts) == 3 && parts[0] == CommitteesDir && strings.HasSuffix(parts[2], ".md"):
		var c *Committee
		for i := range p.tree.Committees {
			if p.tree.Committees[i].Slug == parts[1] {
				c = &p.tree.Committees[i]
			}
		}
		if c == nil {
			p.fail(name, 0, "utvalgsmappen mangler %s", indexFile)
			return
		}
		year, ok := p.year(name, strings.TrimSuffix(parts[2], ".md"))
		if !ok {
			return
		}
		s := CommitteeStatus{}
		body, ok := p.decode(name, &s)
		if !ok {
			return
		}
		if s.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med filnavnet", s.Year)
			return
		}
		s.Body = body
		c.Statuses = append(c.Statuses, s)

	default:
		p.fail(name, 0, "ukjent fil: eksporten skriver ingen slik fil")
	}
}

func (p *parser) report(name, dir string) *Report {
	for i := range p.tree.Reports {
		if strconv.Itoa(p.tree.Reports[i].Year) == dir {
			return &p.tree.Reports[i]
		}
	}
	p.fail(name, 0, "rapportmappen mangler en gyldig %s", indexFile)
	return nil
}

func (p *parser) year(name, s string) (int, bool) {
	year, err := strconv.Atoi(s)
	if err != nil || year < MinYear || year > MaxYear || strconv.Itoa(year) != s {
		p.fail(name, 0, "«%s» er ikke et årstall mellom %d og %d", s, MinYear, MaxYear)
		return 0, false
	}
	return year, true
}

func (p *parser) slug(name, slug string) bool {
	if err := ValidateSlug(slug); err != nil {
		p.fail(name, 0, "%v", err)
		return false
	}
	return true
}

// sort puts every list in the order the exporter writes and the site shows.
func (t *Tree) sort() {
	slices.SortFunc(t.Terms, func(a, b Term) int {
		return strings.Compare(a.Taxonomy+"/"+a.Slug, b.Taxonomy+"/"+b.Slug)
	})
	slices.SortFunc(t.Reports, func(a, b Report) int { return a.Year - b.Year })
	for i := range t.Reports {
		slices.SortFunc(t.Reports[i].Sections, func(a, b Section) int {
			if a.Weight != b.Weight {
				return a.Weight - b.Weight
			}
			return strings.Compare(a.Slug, b.Slug)
		})
	}
	slices.SortFunc(t.Projects, func(a, b Project) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortFunc(t.Meetings, func(a, b Meeting) int { return a.Year - b.Year })
	slices.SortFunc(t.Committees, func(a, b Committee) int { return strings.Compare(a.Slug, b.Slug) })
	for i := range t.Committees {
		slices.SortFunc(t.Committees[i].Statuses, func(a, b CommitteeStatus) int { return a.Year - b.Year })
	}
}

// decodeFile reads a file written by encodeFile into frontMatter and returns
// the body. Unknown keys are refused, so a typo is never silently dropped.
func decodeFile(path string, data []byte, frontMatter any) (string, error) {
	text := string(data)
	if !strings.HasPrefix(text, delimiter) {
		return "", &FileError{Path: path, Line: 1, Reason: "filen må begynne med +++ på første linje (TOML-forside)"}
	}
	rest := text[len(delimiter):]
	var fm, body string
	if strings.HasPrefix(rest, delimiter) {
		body = rest[len(delimiter):]
	} else {
		end := strings.Index(rest, "\n"+delimiter)
		if end < 0 {
			return "", &FileError{Path: path, Line: 1, Reason: "forsiden mangler avsluttende +++"}
		}
		fm, body = rest[:end+1], rest[end+1+len(delimiter):]
	}

	md, err := toml.Decode(fm, frontMatter)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return "", &FileError{Path: path, Line: perr.Position.Line + 1, Reason: "ugyldig TOML: " + perr.Message}
		}
		return "", &FileError{Path: path, Line: 1, Reason: "ugyldig TOML: " + err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0].String()
		return "", &FileError{Path: path, Line: keyLine(fm, undecoded[0]), Reason: fmt.Sprintf("ukjent felt «%s»", key)}
	}
	body = strings.TrimPrefix(body, "\n")
	return UnescapeShortcodes(NormalizeBody(body)), nil
}
