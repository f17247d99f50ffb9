package sitecheck

import "testing"

func TestCheckTitles(t *testing.T) {
	scenarios := []struct {
		dir  string
		want []string
	}{
		{dir: "titles/ok"}, // titles over two lines, an svg's own title, two aliases to one page
		{dir: "titles/bad", want: []string{
			`b/index.html: the title "Rekrutterings- og samhandlingstilskudd – SSU" is also the title of a/index.html; every page needs its own`,
			`c/index.html: an empty <title>`,
			`d/index.html: 2 <title> elements; a page needs exactly one`,
			`index.html: the title "Rekrutterings- og samhandlingstilskudd – SSU" is also the title of a/index.html; every page needs its own`,
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkTitles(readFixture(t, sc.dir, "/"))
			sameLines(t, lines(res.Problems), sc.want)
		})
	}
}
