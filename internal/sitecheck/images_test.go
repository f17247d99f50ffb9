package sitecheck

import "testing"

func TestCheckImages(t *testing.T) {
	scenarios := []struct {
		dir  string
		want []string
	}{
		{dir: "images/ok"},
		{dir: "images/bad", want: []string{
			`index.html:6: <img src="logo.png"> has no alt attribute`,
			`index.html:7: <img src="ikon.png"> has no alt attribute`,
			`index.html:8: <svg role="img" width="10"> has no accessible name (aria-label, aria-labelledby or a <title> child)`,
			`index.html:9: <svg role="img" aria-label=" "> has no accessible name (aria-label, aria-labelledby or a <title> child)`,
			`index.html:10: <svg role="img" class="tom"> has no accessible name (aria-label, aria-labelledby or a <title> child)`,
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkImages(readFixture(t, sc.dir, "/"))
			sameLines(t, lines(res.Problems), sc.want)
		})
	}
}
