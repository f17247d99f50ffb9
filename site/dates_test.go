package site_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestReportDatedByItsSections: a report's last change is the latest of
// its own sist_endret and its sections', on its cover, in the list of
// reports, in the sitemap and in its data file, since an edit of a
// section dates only the section.
func TestReportDatedByItsSections(t *testing.T) {
	tree := contenttest.EdgeCases()
	report := &tree.Reports[1]
	latest := time.Date(2033, time.January, 5, 14, 30, 0, 0, content.Zone)
	if !latest.After(report.Changed.Time()) {
		t.Fatal("the fixture's report changed after the date the test gives its section")
	}
	report.Sections[1].Dates = content.Dates{Published: report.Published, Changed: content.NewStamp(latest)}
	out := build(t, writeTree(t, tree))

	stamp := "Sist endret: 5. januar 2033"
	if cover := page(t, out, "arsrapporter/2031"); !strings.Contains(cover, stamp) {
		t.Errorf("the report's cover does not say %q, its section's later change", stamp)
	}
	if list := page(t, out, "arsrapporter"); !strings.Contains(list, stamp) {
		t.Errorf("the list of reports does not say %q for the report, its section's later change", stamp)
	}
	sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	_, entry, _ := strings.Cut(string(sitemap), "/arsrapporter/2031/</loc>")
	entry, _, _ = strings.Cut(entry, "</url>")
	if !strings.Contains(entry, "<lastmod>2033-01-05T14:30:00+01:00</lastmod>") {
		t.Errorf("the report's sitemap entry: %q; want the section's later change", entry)
	}
	data, err := os.ReadFile(filepath.Join(out, "data", "v1", "arsrapporter", "2031.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Arsrapport struct {
			SistEndret string `json:"sist_endret"`
		} `json:"arsrapport"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if file.Arsrapport.SistEndret != "2033-01-05T14:30:00+01:00" {
		t.Errorf("the report's data file: sist_endret %q; want the section's later change", file.Arsrapport.SistEndret)
	}
}
