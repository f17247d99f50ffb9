package content_test

import (
	"errors"
	"maps"
	"path"
	"slices"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestLocations pins the layout: where each page type's file is and what
// its address on the site is.
func TestLocations(t *testing.T) {
	img := content.Image{Name: "bilde.png"}
	scenarios := []struct {
		what string
		got  content.Location
		want content.Location
	}{
		{"term", content.Term{Taxonomy: "tema", Slug: "x"}.Location(), content.Location{File: "tema/x/_index.md", URL: "/tema/x/"}},
		{"report", content.Report{Year: 2031}.Location(), content.Location{File: "arsrapporter/2031/_index.md", URL: "/arsrapporter/2031/"}},
		{"report's original PDF", content.Report{Year: 2031}.PDFLocation(), content.Location{File: "arsrapporter/2031/opprinnelig-arsrapport-2031.pdf", URL: "/arsrapporter/2031/opprinnelig-arsrapport-2031.pdf"}},
		{"report's document", content.Report{Year: 2031}.DocumentLocation(), content.Location{File: "arsrapporter/2031/arsrapport-2031.pdf", URL: "/arsrapporter/2031/arsrapport-2031.pdf"}},
		{"section", content.Section{Slug: "x"}.Location(2031), content.Location{File: "arsrapporter/2031/x.md", URL: "/arsrapporter/2031/x/"}},
		{"section with image", content.Section{Slug: "x", Image: img}.Location(2031), content.Location{File: "arsrapporter/2031/x/index.md", URL: "/arsrapporter/2031/x/"}},
		{"project", content.Project{Slug: "x"}.Location(), content.Location{File: "prosjekter/x.md", URL: "/prosjekter/x/"}},
		{"project with image", content.Project{Slug: "x", Image: img}.Location(), content.Location{File: "prosjekter/x/index.md", URL: "/prosjekter/x/"}},
		{"meeting", content.Meeting{Year: 2031}.Location(), content.Location{File: "partnerskapsmoter/2031.md", URL: "/partnerskapsmoter/2031/"}},
		{"meeting with image", content.Meeting{Year: 2031, Image: img}.Location(), content.Location{File: "partnerskapsmoter/2031/index.md", URL: "/partnerskapsmoter/2031/"}},
		{"committee", content.Committee{Slug: "x"}.Location(), content.Location{File: "faglige-samarbeidsutvalg/x/_index.md", URL: "/faglige-samarbeidsutvalg/x/"}},
		{"committee status", content.CommitteeStatus{Year: 2031}.Location("x"), content.Location{File: "faglige-samarbeidsutvalg/x/2031.md", URL: "/faglige-samarbeidsutvalg/x/2031/"}},
	}
	for _, s := range scenarios {
		if s.got != s.want {
			t.Errorf("%s is at %+v; want %+v", s.what, s.got, s.want)
		}
	}
}

// pageRef is one page of a tree found by walking it, not through Pages:
// where its type's Location method puts it, and its fields to break.
type pageRef struct {
	at          content.Location
	image       string // the image file beside it, if any
	pdf         content.Location
	document    content.Location
	title, body *string
}

func walk(tree *content.Tree) []pageRef {
	var refs []pageRef
	imageFile := func(at content.Location, img content.Image) string {
		if img.Name == "" {
			return ""
		}
		return path.Join(path.Dir(at.File), img.Name)
	}
	for i := range tree.Terms {
		term := &tree.Terms[i]
		refs = append(refs, pageRef{at: term.Location(), title: &term.Title, body: &term.Body})
	}
	for i := range tree.Reports {
		r := &tree.Reports[i]
		ref := pageRef{at: r.Location(), title: &r.Title, body: &r.Body}
		if r.PDF != "" {
			ref.pdf = r.PDFLocation()
		}
		if r.DocumentData != nil {
			ref.document = r.DocumentLocation()
		}
		refs = append(refs, ref)
		for j := range r.Sections {
			s := &r.Sections[j]
			at := s.Location(r.Year)
			refs = append(refs, pageRef{at: at, image: imageFile(at, s.Image), title: &s.Title, body: &s.Body})
		}
	}
	for i := range tree.Projects {
		p := &tree.Projects[i]
		refs = append(refs, pageRef{at: p.Location(), image: imageFile(p.Location(), p.Image), title: &p.Title, body: &p.Body})
	}
	for i := range tree.Meetings {
		m := &tree.Meetings[i]
		refs = append(refs, pageRef{at: m.Location(), image: imageFile(m.Location(), m.Image), title: &m.Title, body: &m.Body})
	}
	for i := range tree.Committees {
		c := &tree.Committees[i]
		refs = append(refs, pageRef{at: c.Location(), title: &c.Title, body: &c.Body})
		for j := range c.Statuses {
			s := &c.Statuses[j]
			refs = append(refs, pageRef{at: s.Location(c.Slug), title: &s.Title, body: &s.Body})
		}
	}
	return refs
}

// layoutTrees are the fixtures whose every page the layout test checks:
// pages of every type, with and without an image.
var layoutTrees = map[string]func() *content.Tree{
	"EdgeCases": contenttest.EdgeCases,
	"EveryField": func() *content.Tree {
		return contenttest.EveryField([]string{"Vanlig tekst", "Kari Nordmann", "Tredje"})
	},
}

// TestEverythingFollowsTheLayout: the pages Pages yields, the files Files
// writes, the addresses Paths lists and the files validation errors name
// are the ones the page types' Location methods give, and nothing else.
func TestEverythingFollowsTheLayout(t *testing.T) {
	for name, fixture := range layoutTrees {
		t.Run(name, func(t *testing.T) {
			tree := fixture()
			refs := walk(tree)

			var pages []content.Location
			for page := range tree.Pages() {
				pages = append(pages, page.Location)
			}
			var want []content.Location
			for _, ref := range refs {
				want = append(want, ref.at)
			}
			if !slices.Equal(pages, want) {
				t.Errorf("Pages yields\n%v\nwant\n%v", pages, want)
			}

			files, err := tree.Files()
			if err != nil {
				t.Fatal(err)
			}
			wantFiles := map[string]bool{}
			wantPaths := (&content.Tree{}).Paths() // the site's own pages
			for _, ref := range refs {
				wantFiles[ref.at.File] = true
				wantPaths[ref.at.URL] = true
				if ref.image != "" {
					wantFiles[ref.image] = true
				}
				for _, pdf := range []content.Location{ref.pdf, ref.document} {
					if pdf.File != "" {
						wantFiles[pdf.File] = true
						wantPaths[pdf.URL] = true
					}
				}
			}
			if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, slices.Sorted(maps.Keys(wantFiles))) {
				t.Errorf("Files writes\n%v\nwant\n%v", got, slices.Sorted(maps.Keys(wantFiles)))
			}
			if got := tree.Paths(); !maps.Equal(got, wantPaths) {
				t.Errorf("Paths lists\n%v\nwant\n%v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(wantPaths)))
			}

			for i := range refs {
				broken, err := content.Parse(files) // a copy of tree to break
				if err != nil {
					t.Fatal(err)
				}
				ref := walk(broken)[i]
				*ref.title = ""
				*ref.body = "Se [siden](/finnes-ikke/)."
				named := errorFiles(broken.Validate())
				if !slices.Equal(named, []string{ref.at.File, ref.at.File}) {
					t.Errorf("an empty title and a broken link in %s give errors naming %v; want that file twice", ref.at.File, named)
				}
			}
		})
	}
}

// errorFiles lists the files the FileErrors in err name, in order.
func errorFiles(err error) []string {
	var files []string
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) {
		return nil
	}
	for _, e := range joined.Unwrap() {
		var fe *content.FileError
		if errors.As(e, &fe) {
			files = append(files, fe.Path)
		}
	}
	return files
}

// TestImagePageErrorsNameItsBundle: a page with an image is the leaf bundle
// x/index.md, and that is the file its errors name, whether the tree is
// validated or parsed.
func TestImagePageErrorsNameItsBundle(t *testing.T) {
	img := content.Image{Name: "bilde.png", Alt: "Bilde", Data: []byte("png")}
	scenarios := []struct {
		name string
		tree *content.Tree
		want string
	}{
		{
			name: "section",
			tree: &content.Tree{Reports: []content.Report{{Title: "R", Year: 2031, Sections: []content.Section{{Slug: "x", Weight: 1, Image: img}}}}},
			want: "arsrapporter/2031/x/index.md",
		},
		{
			name: "project",
			tree: &content.Tree{Projects: []content.Project{{Slug: "x", Year: 2031, Image: img}}},
			want: "prosjekter/x/index.md",
		},
		{
			name: "meeting",
			tree: &content.Tree{Meetings: []content.Meeting{{Year: 2031, Date: content.NewDate(time.Date(2031, time.June, 6, 0, 0, 0, 0, time.UTC)), Image: img}}},
			want: "partnerskapsmoter/2031/index.md",
		},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			err := s.tree.Validate()
			var fe *content.FileError
			if !errors.As(err, &fe) || fe.Path != s.want {
				t.Errorf("Validate of a %s with an image and no title = %v; want an error naming %s", s.name, err, s.want)
			}
			files, err := s.tree.Files()
			if err != nil {
				t.Fatal(err)
			}
			_, err = content.Parse(files)
			if !errors.As(err, &fe) || fe.Path != s.want || fe.Line != 2 {
				t.Errorf("Parse of a %s with an image and no title = %v; want an error naming %s, linje 2", s.name, err, s.want)
			}
		})
	}
}
