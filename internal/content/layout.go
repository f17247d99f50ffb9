package content

import (
	"fmt"
	"iter"
	"path"
	"strconv"
)

// Directories under content/ that the exporter owns.
const (
	ReportsDir    = "arsrapporter"
	ProjectsDir   = "prosjekter"
	MeetingsDir   = "partnerskapsmoter"
	CommitteesDir = "faglige-samarbeidsutvalg"
	indexFile     = "_index.md"
	bundleIndex   = "index.md"
)

// Location is where a page or file is: its file under content/ and its
// address on the site. This file is the one place that decides both; the
// methods below give every page type's.
type Location struct {
	File string // slash-separated, relative to content/: "prosjekter/x/index.md"
	URL  string // from the site's root: "/prosjekter/x/"
}

// leaf is a page of its own: dir/key.md, or the leaf bundle
// dir/key/index.md when it has an image to keep beside it.
func leaf(dir, key string, img Image) Location {
	file := path.Join(dir, key+".md")
	if img.Name != "" {
		file = path.Join(dir, key, bundleIndex)
	}
	return Location{File: file, URL: pageURL(dir, key)}
}

// branch is a page with pages beside it: dir/key/_index.md.
func branch(dir, key string) Location {
	return Location{File: path.Join(dir, key, indexFile), URL: pageURL(dir, key)}
}

func pageURL(dir, key string) string { return "/" + path.Join(dir, key) + "/" }

// listURL is the address of the page that lists a directory's pages.
func listURL(dir string) string { return "/" + dir + "/" }

// Location is where the term's page is: <taxonomy>/<slug>/_index.md.
func (t Term) Location() Location { return branch(t.Taxonomy, t.Slug) }

// Location is where the report is: arsrapporter/<year>/_index.md.
func (r Report) Location() Location { return branch(ReportsDir, strconv.Itoa(r.Year)) }

// A report's bundle may hold two PDFs: the document the site makes of the
// report page (ssu build --pdf), at the address readers expect, and the
// original an editor uploaded, shown as "Opprinnelig rapport".

// PDFLocation is where the report's original PDF is, in its bundle.
func (r Report) PDFLocation() Location { return r.bundleFile(PDFName(r.Year)) }

// PDFName is the file name a report's original PDF gets in its bundle.
func PDFName(year int) string { return fmt.Sprintf("opprinnelig-arsrapport-%d.pdf", year) }

// DocumentLocation is where the PDF made of the report page is, in its
// bundle.
func (r Report) DocumentLocation() Location { return r.bundleFile(DocumentName(r.Year)) }

// DocumentName is the file name of the PDF made of a report page.
func DocumentName(year int) string { return fmt.Sprintf("arsrapport-%d.pdf", year) }

func (r Report) bundleFile(name string) Location {
	dir := path.Join(ReportsDir, strconv.Itoa(r.Year))
	return Location{File: path.Join(dir, name), URL: "/" + path.Join(dir, name)}
}

// Location is where the section of the report of year is:
// arsrapporter/<year>/<slug>.md, or <slug>/index.md with an image.
func (s Section) Location(year int) Location {
	return leaf(path.Join(ReportsDir, strconv.Itoa(year)), s.Slug, s.Image)
}

// Location is where the project is: prosjekter/<slug>.md, or
// <slug>/index.md with an image.
func (p Project) Location() Location { return leaf(ProjectsDir, p.Slug, p.Image) }

// Location is where the meeting is: partnerskapsmoter/<year>.md, or
// <year>/index.md with an image.
func (m Meeting) Location() Location { return leaf(MeetingsDir, strconv.Itoa(m.Year), m.Image) }

// Location is where the committee is:
// faglige-samarbeidsutvalg/<slug>/_index.md.
func (c Committee) Location() Location { return branch(CommitteesDir, c.Slug) }

// Location is where the status of the committee with this slug is:
// faglige-samarbeidsutvalg/<committee>/<year>.md.
func (s CommitteeStatus) Location(committee string) Location {
	return leaf(path.Join(CommitteesDir, committee), strconv.Itoa(s.Year), Image{})
}

// Page is one page of a tree, with what it takes to write it.
type Page struct {
	Location
	FrontMatter  any // the value encoded as the file's TOML front matter
	Body         string
	Image        Image    // kept beside File in its leaf bundle; no address of its own
	PDF          Location // a report's original PDF, beside File; zero for none
	PDFData      []byte
	Document     Location // the PDF made of a report page, beside File; zero for none
	DocumentData []byte
	Aliases      []string // the page's old addresses
}

// ImageFile is where the page's image is written, beside its index.md.
func (p Page) ImageFile() string { return path.Join(path.Dir(p.File), p.Image.Name) }

// Pages yields every page of the tree, in the order Files writes them:
// terms, reports each followed by its sections, projects, meetings, and
// committees each followed by its statuses.
func (t *Tree) Pages() iter.Seq[Page] {
	return func(yield func(Page) bool) {
		for _, term := range t.Terms {
			if !yield(Page{Location: term.Location(), FrontMatter: term, Body: term.Body}) {
				return
			}
		}
		for _, r := range t.Reports {
			page := Page{Location: r.Location(), FrontMatter: r, Body: r.Body, Aliases: r.Aliases}
			if r.PDF != "" {
				page.PDF, page.PDFData = r.PDFLocation(), r.PDFData
			}
			if r.DocumentData != nil {
				page.Document, page.DocumentData = r.DocumentLocation(), r.DocumentData
			}
			if !yield(page) {
				return
			}
			for _, s := range r.Sections {
				if !yield(Page{Location: s.Location(r.Year), FrontMatter: s, Body: s.Body, Image: s.Image, Aliases: s.Aliases}) {
					return
				}
			}
		}
		for _, p := range t.Projects {
			if !yield(Page{Location: p.Location(), FrontMatter: p, Body: p.Body, Image: p.Image, Aliases: p.Aliases}) {
				return
			}
		}
		for _, m := range t.Meetings {
			if !yield(Page{Location: m.Location(), FrontMatter: m, Body: m.Body, Image: m.Image, Aliases: m.Aliases}) {
				return
			}
		}
		for _, c := range t.Committees {
			if !yield(Page{Location: c.Location(), FrontMatter: c, Body: c.Body, Aliases: c.Aliases}) {
				return
			}
			for _, s := range c.Statuses {
				if !yield(Page{Location: s.Location(c.Slug), FrontMatter: s, Body: s.Body, Aliases: s.Aliases}) {
					return
				}
			}
		}
	}
}
