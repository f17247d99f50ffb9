package site_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestProjectCourse: a project's progress, period, contact and results are
// shown when filled, and a project without them shows none of their labels.
func TestProjectCourse(t *testing.T) {
	tree := contenttest.EdgeCases()
	tree.Projects[0].Contact = "Kari Nordmann, prosjektleder"
	out := build(t, writeTree(t, tree))
	full := page(t, out, "prosjekter/prosjekt")
	for _, want := range []string{
		"Status Avsluttet Periode 2029–2031 Kontakt Kari Nordmann, prosjektleder, kari.nordmann@example.org",
		"Resultater Første avsnitt",
	} {
		if !strings.Contains(full, want) {
			t.Errorf("project page does not say %q:\n%s", want, full)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "prosjekter", "prosjekt", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href=mailto:kari.nordmann@example.org>`, "<p>Første avsnitt", "<p>Andre avsnitt {{&lt; x >}} +++</p>"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("project page has no %s", want)
		}
	}
	empty, _, _ := strings.Cut(page(t, out, "prosjekter/tomt"), "Les årsrapporten") // the page's own text, not the footer
	for _, label := range []string{"Status", "Periode", "Kontakt", "Resultater"} {
		if strings.Contains(empty, label) {
			t.Errorf("project without a course shows %q:\n%s", label, empty)
		}
	}
}
