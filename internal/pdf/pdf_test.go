package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/pdf"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// need skips the test when a tool is missing, and fails it under CI=true,
// where the PDF tests must run.
func need(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why + " (CI=true: the PDF tests must run)")
	}
	t.Skip(why)
}

// baseURL is the address the test site is built for, under a path as a
// site may be.
const baseURL = "https://ssu.example.org/arkiv/"

// printer builds the seed site and finds the tools to print it.
func printer(t *testing.T) *pdf.Printer {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			need(t, tool+" is not installed: apt-get install poppler-utils")
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	clock := func() time.Time { return time.Date(2026, time.March, 1, 12, 0, 0, 0, content.Zone) }
	if _, err := site.Build(context.Background(), site.Options{ContentDir: contenttest.SeedDir(), OutDir: out, BaseURL: baseURL, Clock: clock}); err != nil {
		t.Fatal(err)
	}
	p, err := pdf.New(out, toolsDir(t))
	if err != nil {
		need(t, err.Error())
	}
	return p
}

// toolsDir is the repository root, where node_modules is.
func toolsDir(t *testing.T) string {
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func run(t *testing.T, doc []byte, name string, args ...string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(name, append(args, file, "-")...).Output()
	if name == "pdfinfo" {
		out, err = exec.Command(name, append(args, file)...).Output()
	}
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// squeeze drops all white space: a title may break over lines in the PDF.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestReportPDFs prints the seed reports and reads them back with
// poppler: every section title and every member's name is in the text,
// the PDF is tagged, and the section titles are headings of its
// structure tree.
func TestReportPDFs(t *testing.T) {
	p := printer(t)
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range tree.Reports {
		paths = append(paths, r.Location().URL)
	}
	docs, err := p.Print(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(tree.Reports) || len(tree.Reports) < 2 {
		t.Fatalf("got %d PDFs of %d reports; want one a report of the seed (2024 and 2025)", len(docs), len(tree.Reports))
	}
	for i, r := range tree.Reports {
		doc := docs[i]
		text := squeeze(run(t, doc, "pdftotext", "-enc", "UTF-8"))
		info := run(t, doc, "pdfinfo")
		headings := structHeadings(run(t, doc, "pdfinfo", "-struct-text"))
		if !strings.Contains(text, squeeze(r.Title)) {
			t.Errorf("%d: the title %q is not in the PDF's text", r.Year, r.Title)
		}
		if !regexp.MustCompile(`(?m)^Tagged:\s+yes$`).MatchString(info) {
			t.Errorf("%d: pdfinfo does not say Tagged: yes:\n%s", r.Year, info)
		}
		if !regexp.MustCompile(fmt.Sprintf(`(?m)^Title:\s+Årsrapport %d\b`, r.Year)).MatchString(info) {
			t.Errorf("%d: the document title is not the report's:\n%s", r.Year, info)
		}
		if !strings.Contains(text, squeeze(strings.TrimSuffix(baseURL, "/")+r.Location().URL)) {
			t.Errorf("%d: the footer has not the report's address", r.Year)
		}
		for _, s := range r.Sections {
			if !strings.Contains(text, squeeze(s.Title)) {
				t.Errorf("%d: the section %q is not in the PDF's text", r.Year, s.Title)
			}
			if !headings[squeeze(s.Title)] {
				t.Errorf("%d: the section %q is no heading in the structure tree (pdfinfo -struct-text)", r.Year, s.Title)
			}
			// A group heading over the parts ("Øvrige tema" in 2025) too.
			if s.Group != "" && !headings[squeeze(s.Group)] {
				t.Errorf("%d: the group heading %q is no heading in the structure tree (pdfinfo -struct-text)", r.Year, s.Group)
			}
		}
		for _, m := range r.Members {
			if !strings.Contains(text, squeeze(m.Name)) {
				t.Errorf("%d: the member %q is not in the PDF's text", r.Year, m.Name)
			}
		}
		// pdftotext joins a word broken after a hyphen at the end of a
		// line and drops the hyphen, so an address is looked for without.
		unhyphenated := strings.ReplaceAll(text, "-", "")
		for _, l := range r.Links {
			if !strings.Contains(unhyphenated, strings.ReplaceAll(l.URL, "-", "")) {
				t.Errorf("%d: the source's address %s is not written out", r.Year, l.URL)
			}
		}
		// The cover is page 1, the contents page 2, with the page each
		// section begins on as the PDF's own destinations give it.
		pages, err := pdf.DestinationPages(doc)
		if err != nil {
			t.Fatal(err)
		}
		contents := squeeze(run(t, doc, "pdftotext", "-enc", "UTF-8", "-layout", "-f", "2", "-l", "2"))
		for _, s := range r.Sections {
			page := pages[s.Slug]
			if page <= 2 {
				t.Errorf("%d: the section %q begins on page %d; want a page after the contents", r.Year, s.Title, page)
			}
			if entry := squeeze(s.Title) + strconv.Itoa(page); !strings.Contains(contents, entry) {
				t.Errorf("%d: the contents do not give %q page %d:\n%s", r.Year, s.Title, page, contents)
			}
		}
		// Bookmarks, and the language readers' software speaks it in.
		if !bytes.Contains(doc, []byte("/Type /Outlines")) {
			t.Errorf("%d: the PDF has no bookmarks (outline)", r.Year)
		}
		if !bytes.Contains(doc, []byte("/Lang (nb)")) {
			t.Errorf("%d: the PDF does not say its language is nb", r.Year)
		}
		for _, stamp := range []string{"/CreationDate", "/ModDate", "/Creator", "/Producer"} {
			if bytes.Contains(doc, []byte(stamp)) {
				t.Errorf("%d: the PDF keeps %s, which says when or with which Chromium it was printed", r.Year, stamp)
			}
		}
		t.Logf("%d: %d bytes, %s", r.Year, len(doc), regexp.MustCompile(`Pages:\s+\d+`).FindString(info))
	}

	// The same site gives the same bytes, printed again a second later.
	time.Sleep(time.Second)
	again, err := p.Print(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	for i := range docs {
		if !bytes.Equal(docs[i], again[i]) {
			t.Errorf("%s printed twice gave different bytes", paths[i])
		}
	}
}

// structHeadings returns the text of every heading (H1 to H6) in the
// output of pdfinfo -struct-text, white space dropped.
func structHeadings(structText string) map[string]bool {
	headings := map[string]bool{}
	lines := strings.Split(structText, "\n")
	for i, line := range lines {
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if !regexp.MustCompile(`^H[1-6] `).MatchString(strings.TrimSpace(line)) {
			continue
		}
		var text strings.Builder
		for _, inner := range lines[i+1:] {
			if len(inner)-len(strings.TrimLeft(inner, " ")) <= indent {
				break
			}
			if s := strings.TrimSpace(inner); strings.HasPrefix(s, `"`) {
				text.WriteString(strings.Trim(s, `"`))
			}
		}
		headings[squeeze(text.String())] = true
	}
	return headings
}

// navigation is what the screen shows around a page's content and print
// leaves out: the skip link, the main menu, the breadcrumbs, the footer.
var navigation = map[string]*regexp.Regexp{
	"skip link":   regexp.MustCompile(`(?s)<a class="?skip-link"?[^>]*>.*?</a>`),
	"main menu":   regexp.MustCompile(`(?s)<nav [^>]*aria-label="?Hovedmeny"?[^>]*>.*?</nav>`),
	"breadcrumbs": regexp.MustCompile(`(?s)<nav class="?breadcrumbs"?.*?</nav>`),
	"site footer": regexp.MustCompile(`(?s)<footer class="?site-footer"?>.*?</footer>`),
}

var tag = regexp.MustCompile(`<[^>]*>`)

// word is a word of pdftotext -bbox, where it is on its page (points).
var word = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">`)

// TestPrintLayout prints one page of each type as a browser prints it
// (the print style sheet, through the same printer) and checks that the
// page is A4, that no word is in the left, right or top margin, and that
// none of the screen's navigation is on paper.
func TestPrintLayout(t *testing.T) {
	p := printer(t)
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatal(err)
	}
	r := tree.Reports[len(tree.Reports)-1]
	pages := map[string]string{
		"home":          "/",
		"report list":   "/" + content.ReportsDir + "/",
		"report":        r.Location().URL,
		"section":       r.Sections[0].Location(r.Year).URL,
		"project list":  "/" + content.ProjectsDir + "/",
		"project":       tree.Projects[0].Location().URL,
		"meeting":       tree.Meetings[0].Location().URL,
		"committee":     tree.Committees[0].Location().URL,
		"term":          tree.Terms[0].Location().URL,
		"members":       "/utvalget/",
		"key figures":   "/nokkeltall/",
		"accessibility": "/tilgjengelighet/",
	}
	var names, paths []string
	for name, path := range pages {
		names, paths = append(names, name), append(paths, path)
	}
	docs, err := p.Print(context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	// The margins of print.css's @page, less a little for the glyphs' own
	// side bearings.
	const a4Width, margin = 595.92, 18*72/25.4 - 2
	for i, doc := range docs {
		name, path := names[i], paths[i]
		page, err := os.ReadFile(filepath.Join(p.SiteDir, filepath.FromSlash(path), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		text := squeeze(run(t, doc, "pdftotext", "-enc", "UTF-8"))
		for what, element := range navigation {
			m := element.Find(page)
			if m == nil && what == "breadcrumbs" && path == "/" {
				continue // the home page is where they start
			}
			if m == nil {
				t.Errorf("%s (%s) has no %s on screen: the check has nothing to look for", name, path, what)
				continue
			}
			if nav := squeeze(html.UnescapeString(tag.ReplaceAllString(string(m), " "))); strings.Contains(text, nav) {
				t.Errorf("%s (%s) prints its %s: %q", name, path, what, nav)
			}
		}
		if info := run(t, doc, "pdfinfo"); !strings.Contains(info, "(A4)") {
			t.Errorf("%s (%s) is not printed on A4:\n%s", name, path, info)
		}
		for _, w := range word.FindAllStringSubmatch(run(t, doc, "pdftotext", "-bbox"), -1) {
			xMin, _ := strconv.ParseFloat(w[1], 64)
			yMin, _ := strconv.ParseFloat(w[2], 64)
			xMax, _ := strconv.ParseFloat(w[3], 64)
			if xMin < margin || xMax > a4Width-margin || yMin < margin {
				t.Errorf("%s (%s) has a word in the margin at x %.0f–%.0f, y %.0f pt", name, path, xMin, xMax, yMin)
				break
			}
		}
	}
}
