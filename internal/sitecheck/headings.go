package sitecheck

import "fmt"

// checkHeadings reports pages without exactly one h1, and headings that
// go more than one level deeper than the heading before them (h2 → h4).
// A page may start at h1 or h2: a header before the main h1 often has an
// h2. Redirect pages (Hugo aliases) have no content and are left out.
func checkHeadings(s *builtSite) Result {
	res := Result{Title: "Heading structure", Noun: "heading problems"}
	for _, pg := range s.pages {
		if pg.redirect {
			continue
		}
		var h1 []heading
		prev := 0 // the level of the heading before; 0 before the first
		for _, h := range pg.headings {
			if h.level == 1 {
				h1 = append(h1, h)
			}
			switch {
			case prev == 0 && h.level > 2:
				res.Problems = append(res.Problems, Problem{
					File:    pg.file,
					Line:    h.line,
					Message: fmt.Sprintf("h%d %q is the first heading: a page starts at h1 or h2", h.level, h.text),
				})
			case prev > 0 && h.level > prev+1:
				res.Problems = append(res.Problems, Problem{
					File:    pg.file,
					Line:    h.line,
					Message: fmt.Sprintf("h%d %q follows h%d: a heading level is skipped", h.level, h.text, prev),
				})
			}
			prev = h.level
		}
		switch len(h1) {
		case 1:
		case 0:
			res.Problems = append(res.Problems, Problem{File: pg.file, Message: "no h1; a page needs exactly one"})
		default:
			for _, h := range h1[1:] {
				res.Problems = append(res.Problems, Problem{
					File:    pg.file,
					Line:    h.line,
					Message: fmt.Sprintf("another h1 %q (the first is on line %d); a page needs exactly one", h.text, h1[0].line),
				})
			}
		}
	}
	return res
}
