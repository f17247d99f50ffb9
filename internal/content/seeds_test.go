package content_test

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// The seed reports the site was commissioned from, copied from
// shared/seeds: the 2024 text is OCR output, the 2025 text a PDF extraction.
// repairs-<year>.tsv turns each into correct Bokmål (FROM<TAB>TO, applied in
// order after whitespace is collapsed); <year>.repaired.txt is the result
// with one paragraph, heading, bullet or URL a line.
var seeds = []struct {
	year     int
	original string
}{
	{2024, "2024.ocr.txt"},
	{2025, "2025.txt"},
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func readSeed(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "seeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestSeedRepairs proves that the repaired text is the seed with the listed
// repairs and nothing else: no sentence was dropped, added or reworded.
func TestSeedRepairs(t *testing.T) {
	for _, seed := range seeds {
		text := collapse(readSeed(t, seed.original))
		for i, line := range strings.Split(strings.TrimRight(readSeed(t, "repairs-"+strconv.Itoa(seed.year)+".tsv"), "\n"), "\n") {
			from, to, ok := strings.Cut(line, "\t")
			if !ok || from == "" {
				t.Fatalf("repairs-%d.tsv line %d: want FROM<TAB>TO, got %q", seed.year, i+1, line)
			}
			if !strings.Contains(text, from) {
				t.Errorf("repairs-%d.tsv line %d: %q is not in the text (a repair that repairs nothing)", seed.year, i+1, from)
			}
			text = strings.ReplaceAll(text, from, to)
		}
		want := collapse(readSeed(t, strconv.Itoa(seed.year)+".repaired.txt"))
		if text != want {
			i := 0
			for i < len(text) && i < len(want) && text[i] == want[i] {
				i++
			}
			t.Errorf("%d: seed + repairs differs from %d.repaired.txt at byte %d:\ngot  …%s…\nwant …%s…",
				seed.year, seed.year, i, excerpt(text, i), excerpt(want, i))
		}
	}
}

func excerpt(s string, i int) string {
	return s[max(0, i-40):min(len(s), i+40)]
}

// TestEverySeedParagraphIsPublished checks that every paragraph, heading,
// bullet and source link of both repaired seeds is in the seed content
// (contenttest.SeedDir): as text in a body or a front-matter value, or,
// where the content model turned prose into facts (member lists, the list
// of granted projects), as those facts.
func TestEverySeedParagraphIsPublished(t *testing.T) {
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatalf("read the seed content: %v", err)
	}
	corpus := collapse(strings.Join(texts(reflect.ValueOf(tree)), "\n"))

	for _, seed := range seeds {
		checked := 0
		for _, line := range strings.Split(readSeed(t, strconv.Itoa(seed.year)+".repaired.txt"), "\n") {
			paragraph := collapse(strings.TrimPrefix(strings.TrimSpace(line), "• "))
			if paragraph == "" {
				continue
			}
			checked++
			if strings.Contains(corpus, paragraph) {
				continue
			}
			check := structuredCheck(paragraph)
			if check == nil {
				t.Errorf("%d: paragraph not in the seed content: %q", seed.year, paragraph)
				continue
			}
			if problem := check(tree, seed.year, paragraph); problem != "" {
				t.Errorf("%d: %q: %s", seed.year, paragraph, problem)
			}
		}
		if checked < 40 {
			t.Errorf("%d: only %d paragraphs checked; the repaired seed looks truncated", seed.year, checked)
		}
	}
}

// texts collects every string in v: bodies and front-matter values alike.
func texts(v reflect.Value) []string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return texts(v.Elem())
	case reflect.String:
		return []string{v.String()}
	case reflect.Slice:
		var out []string
		for i := range v.Len() {
			out = append(out, texts(v.Index(i))...)
		}
		return out
	case reflect.Struct:
		var out []string
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				out = append(out, texts(v.Field(i))...)
			}
		}
		return out
	}
	return nil
}

type factCheck func(tree *content.Tree, year int, paragraph string) string

// structuredCheck returns how a paragraph that the content model stores as
// facts is checked, or nil if it must be in content/ as text.
func structuredCheck(paragraph string) factCheck {
	switch {
	case strings.HasSuffix(paragraph, "består av:"):
		return hasMembers
	case strings.HasPrefix(paragraph, "Grete Syrdal, direktør helse og velferd"):
		return membersNamed("SSU")
	case strings.HasPrefix(paragraph, "Leder for strategisk samarbeidsutvalg samt"):
		return membersNamed("Arbeidsutvalget")
	case strings.HasPrefix(paragraph, "Gjennomgående tema i"):
		return func(tree *content.Tree, year int, _ string) string {
			if r := reportOf(tree, year); r == nil || len(r.Themes) == 0 {
				return "the report has no themes (tema)"
			}
			return ""
		}
	case paragraph == "Status for Faglig Samarbeidsutvalg":
		return func(tree *content.Tree, year int, _ string) string {
			for _, c := range tree.Committees {
				for _, s := range c.Statuses {
					if s.Year == year {
						return ""
					}
				}
			}
			return "no professional committee has a status this year"
		}
	case paragraph == "Barn og Unge":
		return func(tree *content.Tree, year int, _ string) string {
			for _, c := range tree.Committees {
				if c.Title == "Barn og unge" && slices.ContainsFunc(c.Statuses, func(s content.CommitteeStatus) bool { return s.Year == year }) {
					return ""
				}
			}
			return "the committee «Barn og unge» has no status this year"
		}
	case paragraph == "Øvrige tema":
		// A heading that only separated the themes of the year from the rest;
		// on the site every section has its own heading.
		return func(*content.Tree, int, string) string { return "" }
	}
	return grantedProject
}

func reportOf(tree *content.Tree, year int) *content.Report {
	for i := range tree.Reports {
		if tree.Reports[i].Year == year {
			return &tree.Reports[i]
		}
	}
	return nil
}

func hasMembers(tree *content.Tree, year int, paragraph string) string {
	body := "SSU"
	if strings.HasPrefix(paragraph, "Arbeidsutvalget") {
		body = "Arbeidsutvalget"
	}
	r := reportOf(tree, year)
	if r == nil || !slices.ContainsFunc(r.Members, func(m content.Member) bool { return m.Organ == body }) {
		return "the report has no members of " + body
	}
	return ""
}

// membersNamed checks a member-list paragraph against the members of that
// body: each member's name and job title is in the paragraph, and the
// paragraph names no one left out.
func membersNamed(body string) factCheck {
	return func(tree *content.Tree, year int, paragraph string) string {
		r := reportOf(tree, year)
		if r == nil {
			return "no report"
		}
		lower := strings.ToLower(paragraph)
		var names []string
		for _, m := range r.Members {
			if m.Organ != body {
				continue
			}
			names = append(names, m.Name)
			if !strings.Contains(paragraph, m.Name) && !(m.Role == "" && strings.Contains(lower, strings.ToLower(m.JobTitle))) {
				return "member " + m.Name + " is not named in the paragraph"
			}
			for _, part := range strings.Split(m.JobTitle, ", ") {
				if !strings.Contains(lower, strings.ToLower(part)) {
					return "job title «" + part + "» of " + m.Name + " is not in the paragraph"
				}
			}
		}
		want := map[int]map[string]int{2024: {"SSU": 11}, 2025: {"SSU": 13, "Arbeidsutvalget": 6}}[year][body]
		if len(names) != want {
			return "found " + strconv.Itoa(len(names)) + " members of " + body + "; the paragraph names " + strconv.Itoa(want)
		}
		return ""
	}
}

// grantedProject checks a bullet of granted projects ("Title. Partner og
// Partner."): a project has that title, and each of its partners is named.
func grantedProject(tree *content.Tree, year int, paragraph string) string {
	for _, p := range tree.Projects {
		if p.Year != year || !strings.HasPrefix(paragraph, p.Title+".") {
			continue
		}
		rest := strings.TrimPrefix(paragraph, p.Title+".")
		if p.Description != "" && !strings.Contains(rest, p.Description) {
			return "description «" + p.Description + "» is not in the bullet"
		}
		for _, slug := range p.Partners {
			name := termTitle(tree, "partnere", slug)
			if !strings.Contains(rest, strings.Fields(name)[0]) {
				return "partner «" + name + "» is not named in the bullet"
			}
		}
		if len(p.Partners) == 0 {
			return "project " + p.Title + " has no partners"
		}
		return ""
	}
	return "not in the seed content as text, and no project of the year has this title"
}

func termTitle(tree *content.Tree, taxonomy, slug string) string {
	for _, term := range tree.Terms {
		if term.Taxonomy == taxonomy && term.Slug == slug {
			return term.Title
		}
	}
	return slug
}
