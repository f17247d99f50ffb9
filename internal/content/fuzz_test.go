package content_test

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// The fuzz targets below also run as unit tests over their seed corpora
// (testdata/fuzz/<FuzzName>/, written by TestFuzzSeeds from fuzzSeeds, the
// one place seeds are made, plus whatever a fuzzing run found and was
// committed). .ci/fuzz runs each for a while.

// fuzzTree builds a tree of one document of the given kind from fuzzed
// values, every string in every field it fits; extra goes into one field
// alone (a term slug, a speaker, a link URL, a status title, a taxonomy),
// so that a field's own check is tested without the others'. The tree is
// in the form Parse gives back: bodies normalised, no empty lists.
func fuzzTree(kind uint8, slug, title, text, body, extra string, year, n int) *content.Tree {
	body = content.NormalizeBody(body)
	odd := n%2 != 0
	var image content.Image
	if odd {
		image = content.Image{Name: content.ImageName(".png"), Alt: text, Data: []byte("png")}
	}
	lines := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	day := func(days int) content.Date {
		return content.NewDate(time.Date(year, time.January, 1+days, 0, 0, 0, 0, time.UTC))
	}
	tree := &content.Tree{}
	switch kind % 5 {
	case 0:
		tree.Terms = []content.Term{{Taxonomy: "tema", Slug: extra, Title: text}}
		tree.Projects = []content.Project{{
			Slug: slug, Title: title, Draft: odd, Description: text, Year: year, Weight: n,
			Themes: []string{extra}, Amount: n, Image: image, Body: body,
		}}
	case 1:
		tree.Meetings = []content.Meeting{{
			Title: title, Draft: odd, Date: day(n % 400), Year: year, Venue: text,
			Speakers: lines(extra), Topics: lines(title), Evaluation: text, Image: image, Body: body,
		}}
	case 2:
		r := content.Report{
			Title: title, Description: text, Year: year, MeetingCount: n,
			Links: []content.Link{{Title: text, URL: "https://example.org/" + extra}},
			Members: []content.Member{
				{Name: title, JobTitle: text, Organisation: text, Organ: "SSU", Role: "leder", From: text, Until: text},
				{Name: "Kari Nordmann", Organ: "SSU", Replaces: title, From: text},
				{Name: text, JobTitle: title, Organisation: body, Organ: "Arbeidsutvalget", Role: "nestleder"},
			},
			Body:     body,
			Sections: []content.Section{{Slug: slug, Title: title, Weight: n, Image: image, Body: body}},
		}
		if odd {
			deadline := day(n % 365)
			if n%3 == 0 {
				deadline = content.Date{} // no date
			}
			r.GrantRound = &content.GrantRound{Deadlines: []content.Date{deadline}, Applications: n, Granted: n / 2, CutPercent: n % 101, Amount: n}
			r.PDF, r.PDFData = content.PDFName(year), contenttest.PDF
		}
		tree.Reports = []content.Report{r}
	case 3:
		tree.Committees = []content.Committee{{
			Slug: slug, Title: title, Draft: odd, Description: text, Weight: n, Established: year, Body: body,
			Statuses: []content.CommitteeStatus{{Title: extra, Year: year, Body: body}},
		}}
	case 4:
		taxonomy := content.Taxonomies[(n%4+4)%4]
		if n%8 >= 4 {
			taxonomy = extra
		}
		tree.Terms = []content.Term{{Taxonomy: taxonomy, Slug: slug, Title: title, Body: body}}
	}
	return tree
}

// FuzzFrontMatterRoundTrip: a document built from any strings and numbers
// either validates, and then its files parse back into the same tree and
// are written again byte for byte; or it does not, and then writing it
// fails with an error and writes nothing. Never a panic.
func FuzzFrontMatterRoundTrip(f *testing.F) {
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, kind uint8, slug, title, text, body, extra string, year, n int) {
		tree := fuzzTree(kind, slug, title, text, body, extra, year, n)
		if err := tree.Validate(); err != nil {
			target := filepath.Join(dir, "aldri")
			if tree.Write(target) == nil {
				t.Fatalf("Write accepted a tree that Validate refuses (%v): %+v", err, tree)
			}
			if _, statErr := os.Stat(target); !os.IsNotExist(statErr) {
				t.Fatalf("a refused write left %s behind (stat: %v)", target, statErr)
			}
			// Rendering and reading the files of an invalid tree must not
			// panic either. Only Write renders a tree for real, after
			// Validate, so what Parse makes of them is not checked: Files
			// joins paths with path.Join, and slug "/0" is written where
			// slug "0" would be.
			if files, err := tree.Files(); err == nil {
				_, _ = content.Parse(files)
			}
			return
		}
		roundTrip(t, tree)
	})
}

// roundTrip checks that a valid tree's files parse back into the same
// tree and are written again byte for byte.
func roundTrip(t *testing.T, tree *content.Tree) {
	t.Helper()
	files, err := tree.Files()
	if err != nil {
		t.Fatalf("Files of a valid tree: %v\n%+v", err, tree)
	}
	parsed, err := content.Parse(files)
	if err != nil {
		t.Fatalf("Parse of what a valid tree wrote: %v\nfiles %q", err, files)
	}
	if !reflect.DeepEqual(parsed, tree) {
		t.Fatalf("Parse(Files(tree)) differs from tree:\ngot  %+v\nwant %+v\nfiles %q", parsed, tree, files)
	}
	sameFiles(t, parsed, files)
}

// sameFiles checks that tree is written as exactly files.
func sameFiles(t *testing.T, tree *content.Tree, files map[string][]byte) {
	t.Helper()
	again, err := tree.Files()
	if err != nil {
		t.Fatalf("second write: %v", err)
	}
	if !maps.EqualFunc(again, files, bytes.Equal) {
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if !bytes.Equal(again[name], files[name]) {
				t.Errorf("%s changed on the second write:\ngot  %q\nwant %q", name, again[name], files[name])
			}
		}
		t.Fatalf("the second write has %d files; the first %d", len(again), len(files))
	}
}

// slugChars is the definition of a slug spelled out without a regular
// expression: lowercase a–z and digits, single hyphens between them.
func slugChars(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, c := range []byte(s) {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

var slugRegexp = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// FuzzValidateSlug: ValidateSlug never panics and accepts only slugs that
// are safe as one path segment; Slugify always makes a slug that validates
// (or nothing), gives a valid slug back unchanged and is idempotent.
func FuzzValidateSlug(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		if err := content.ValidateSlug(s); err == nil {
			if !slugRegexp.MatchString(s) || !slugChars(s) || len(s) > content.MaxSlugLength ||
				strings.Contains(s, "/") || strings.Contains(s, "..") || strings.Contains(s, " ") {
				t.Fatalf("ValidateSlug(%q) = nil for a slug that is not safe", s)
			}
			if got := content.Slugify(s); got != s {
				t.Fatalf("Slugify(%q) = %q; a valid slug must come back unchanged", s, got)
			}
		} else if slugChars(s) && len(s) <= content.MaxSlugLength && !slices.Contains(content.ReservedSlugs, s) {
			t.Fatalf("ValidateSlug(%q) = %v for a valid slug", s, err)
		}
		slug := content.Slugify(s)
		if slug == "" {
			return
		}
		if err := content.ValidateSlug(slug); err != nil {
			t.Fatalf("Slugify(%q) = %q, which does not validate: %v", s, slug, err)
		}
		if again := content.Slugify(slug); again != slug {
			t.Fatalf("Slugify(Slugify(%q)) = %q; want %q", s, again, slug)
		}
	})
}

// FuzzShortcodeEscape: unescaping undoes escaping exactly, and escaped text
// never opens a Hugo shortcode.
func FuzzShortcodeEscape(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		escaped := content.EscapeShortcodes(s)
		if strings.Contains(escaped, "{{<") || strings.Contains(escaped, "{{%") {
			t.Fatalf("EscapeShortcodes(%q) = %q still opens a shortcode", s, escaped)
		}
		if back := content.UnescapeShortcodes(escaped); back != s {
			t.Fatalf("UnescapeShortcodes(EscapeShortcodes(%q)) = %q", s, back)
		}
		if !utf8.ValidString(s) {
			return
		}
		if !utf8.ValidString(escaped) {
			t.Fatalf("EscapeShortcodes(%q) = %q is not valid UTF-8", s, escaped)
		}
	})
}

// importContext is the rest of a content tree around the fuzzed file, so
// that a section finds its report, a status its committee and a page its
// terms (those of the edge-case tree, and "t" in every taxonomy).
func importContext() map[string][]byte {
	tree := &content.Tree{
		Terms:      contenttest.EdgeCases().Terms,
		Reports:    []content.Report{{Title: "Rapport", Year: 2031}},
		Committees: []content.Committee{{Slug: "utvalg", Title: "Utvalg", Weight: 1}},
	}
	for _, taxonomy := range content.Taxonomies {
		tree.Terms = append(tree.Terms, content.Term{Taxonomy: taxonomy, Slug: "t", Title: "T"})
	}
	files, err := tree.Files()
	if err != nil {
		panic(err)
	}
	return files
}

// importPaths are where the exporter writes files; %s is the fuzzed name.
// The last one is the name itself, any path at all. The fuzzed kind picks
// one (kind % len(importPaths)) and whether an image lies beside it.
var importPaths = []string{
	"arsrapporter/%s/_index.md",
	"arsrapporter/2031/%s.md",
	"arsrapporter/2031/%s/index.md",
	"prosjekter/%s.md",
	"prosjekter/%s/index.md",
	"partnerskapsmoter/%s.md",
	"partnerskapsmoter/%s/index.md",
	"faglige-samarbeidsutvalg/%s/_index.md",
	"faglige-samarbeidsutvalg/utvalg/%s.md",
	"tema/%s/_index.md",
	"pasientgrupper/%s/_index.md",
	"partnere/%s/_index.md",
	"ordninger/%s/_index.md",
	"%s",
}

// FuzzImportFile: importing a content tree with one fuzzed file at a
// fuzzed but plausible path never panics, and a tree it accepts is written
// and read again without change: the files it writes parse, and the tree
// they give writes the same bytes again.
func FuzzImportFile(f *testing.F) {
	context, image := importContext(), contenttest.PNG(4, 3)
	f.Fuzz(func(t *testing.T, kind uint8, name string, data []byte) {
		files := maps.Clone(context)
		file := fmt.Sprintf(importPaths[int(kind)%len(importPaths)], name)
		files[file] = data
		if int(kind)/len(importPaths)%2 == 1 {
			// A leaf bundle's image beside the page.
			files[path.Join(path.Dir(file), "bilde.png")] = image
		}
		tree, err := content.Parse(files)
		if err != nil {
			return
		}
		written, err := tree.Files()
		if err != nil {
			t.Fatalf("Files of an imported tree: %v\n%+v", err, tree)
		}
		again, err := content.Parse(written)
		if err != nil {
			t.Fatalf("Parse of what an imported tree wrote: %v\nfiles %q", err, written)
		}
		// The trees themselves may differ where the fuzzed file said the
		// same thing another way (tema = [] for no themes); what is
		// written must not.
		sameFiles(t, again, written)
	})
}
