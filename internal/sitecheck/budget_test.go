package sitecheck

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gzipped compresses a fixture file the way a server would, for the test
// to weigh pages by hand.
func gzipped(t *testing.T, file string) int64 {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "budget", file))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return int64(buf.Len())
}

func TestCheckBudget(t *testing.T) {
	// tung/index.html links liten.css, stor.css twice (counted once), an
	// external style sheet (not weighed) and app.js.
	heavy := gzipped(t, "tung/index.html") + gzipped(t, "css/liten.css") + gzipped(t, "css/stor.css") + gzipped(t, "app.js")
	light := gzipped(t, "index.html") + gzipped(t, "css/liten.css")
	big := gzipped(t, "css/stor.css")
	if light >= 1024 || heavy <= 1024 || big <= 1024 {
		t.Fatalf("fixture sizes moved: light page %d, heavy page %d, stor.css %d bytes; want light < 1024 < heavy, stor.css", light, heavy, big)
	}

	scenarios := []struct {
		name      string
		page, css int64
		want      []string
	}{
		{name: "default budgets", page: DefaultPageBudget, css: DefaultCSSBudget},
		{name: "budgets of 1 KB", page: 1024, css: 1024, want: []string{
			fmt.Sprintf("css/stor.css: CSS file is %s gzipped; budget 1.0 KB", kb(big)),
			fmt.Sprintf("tung/index.html: page is %s gzipped with its CSS and JS (HTML %s, CSS %s, JS %s); budget 1.0 KB",
				kb(heavy), kb(gzipped(t, "tung/index.html")), kb(gzipped(t, "css/liten.css")+big), kb(gzipped(t, "app.js"))),
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			res, err := checkBudget(readFixture(t, "budget", "/"), sc.page, sc.css)
			if err != nil {
				t.Fatal(err)
			}
			sameLines(t, lines(res.Problems), sc.want)
			// The heaviest page comes first in the notes, with its numbers.
			if len(res.Notes) < 2 || !strings.Contains(res.Notes[1], kb(heavy)+"  tung/index.html") {
				t.Errorf("notes do not start with the heavy page at %s:\n%s", kb(heavy), strings.Join(res.Notes, "\n"))
			}
		})
	}
}
