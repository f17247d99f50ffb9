package sitecheck

import "testing"

func TestCheckHeadings(t *testing.T) {
	scenarios := []struct {
		dir  string
		want []string
	}{
		{dir: "headings/ok"}, // an h2 before the h1, nested text, and an alias page without headings
		{dir: "headings/bad", want: []string{
			`index.html:6: h3 "Hopper over h2" follows h1: a heading level is skipped`,
			`index.html:8: h6 "Hopper over h5" follows h4: a heading level is skipped`,
			`start/index.html:5: h3 "Starter på h3" is the first heading: a page starts at h1 or h2`,
			`to/index.html:6: another h1 "Andre" (the first is on line 5); a page needs exactly one`,
			`to/index.html:7: another h1 "Tredje" (the first is on line 5); a page needs exactly one`,
			`tom/index.html: no h1; a page needs exactly one`,
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkHeadings(readFixture(t, sc.dir, "/"))
			sameLines(t, lines(res.Problems), sc.want)
		})
	}
}

func TestHeadingText(t *testing.T) {
	pg, err := parsePage("x.html", []byte("<h1>Årsrapport\n  <span>2025</span> <a href=\"#\">lenke</a></h1><h2 id=a>To</h2>"))
	if err != nil {
		t.Fatal(err)
	}
	want := []heading{{line: 1, level: 1, text: "Årsrapport 2025 lenke"}, {line: 2, level: 2, text: "To"}}
	if len(pg.headings) != len(want) {
		t.Fatalf("got %d headings %+v; want %+v", len(pg.headings), pg.headings, want)
	}
	for i := range want {
		if pg.headings[i] != want[i] {
			t.Errorf("heading %d: got %+v; want %+v", i, pg.headings[i], want[i])
		}
	}
}
