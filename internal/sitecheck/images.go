package sitecheck

import "fmt"

// checkImages reports every <img> without an alt attribute and every
// <svg role="img"> without an accessible name (aria-label,
// aria-labelledby or a <title> child). alt="" is allowed: it marks an
// image as decorative.
func checkImages(s *builtSite) Result {
	res := Result{Title: "Images without a text alternative", Noun: "images without alt"}
	for _, pg := range s.pages {
		for _, im := range pg.images {
			if im.ok {
				continue
			}
			msg := fmt.Sprintf("%s has no alt attribute", im.desc)
			if im.tag == "svg" {
				msg = fmt.Sprintf("%s has no accessible name (aria-label, aria-labelledby or a <title> child)", im.desc)
			}
			res.Problems = append(res.Problems, Problem{File: pg.file, Line: im.line, Message: msg})
		}
	}
	return res
}
