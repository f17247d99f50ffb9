package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestSiteFollowsTheLayout: Hugo publishes every address the content
// layout gives (each page of the tree, the report's PDFs and the site's own
// pages) and the templates' links between pages go to those addresses.
func TestSiteFollowsTheLayout(t *testing.T) {
	tree := contenttest.EdgeCases()
	out := build(t, writeTree(t, tree))
	for url := range tree.Paths() {
		file := filepath.Join(out, filepath.FromSlash(url))
		if strings.HasSuffix(url, "/") {
			file = filepath.Join(file, "index.html")
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("the layout gives the address %s, which the site does not have: %v", url, err)
		}
	}

	// The templates find a page by its path under content/, as the
	// layout gives it, and link to its address.
	report := content.Report{Year: 2031}.Location().URL
	links := []struct{ from, to string }{
		{tree.Projects[0].Location().URL, report},
		{tree.Meetings[0].Location().URL, report},
		{tree.Committees[0].Statuses[1].Location(tree.Committees[0].Slug).URL, report},
		{report, tree.Projects[0].Location().URL},
		{report, tree.Reports[1].PDFLocation().URL},
		{report, tree.Reports[1].DocumentLocation().URL},
	}
	for _, l := range links {
		found := false
		for _, a := range findAll(parseBuiltPage(t, out, l.from), "a") {
			target, _, _ := strings.Cut(htmlAttr(a, "href"), "#")
			found = found || target == l.to
		}
		if !found {
			t.Errorf("%s has no link to %s", l.from, l.to)
		}
	}
	// The report shows its year's meeting, found the same way.
	meeting := false
	for _, section := range findAll(parseBuiltPage(t, out, report), "section") {
		meeting = meeting || htmlAttr(section, "id") == "partnerskapsmotet"
	}
	if !meeting {
		t.Errorf("%s does not show the meeting of its year, %s", report, tree.Meetings[0].Location().File)
	}
}
