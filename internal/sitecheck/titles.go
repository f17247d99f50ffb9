package sitecheck

import (
	"fmt"
	"sort"
)

// checkTitles reports pages without exactly one non-empty <title>, and
// titles that more than one page has: a title says which page it is, in a
// tab, a bookmark and a search result. Redirect pages (Hugo aliases) carry
// their target's address as title and are left out.
func checkTitles(s *builtSite) Result {
	res := Result{Title: "Page titles", Noun: "title problems"}
	byTitle := map[string][]string{}
	for _, pg := range s.pages {
		if pg.redirect {
			continue
		}
		switch {
		case pg.titles != 1:
			res.Problems = append(res.Problems, Problem{File: pg.file, Message: fmt.Sprintf("%d <title> elements; a page needs exactly one", pg.titles)})
		case pg.title == "":
			res.Problems = append(res.Problems, Problem{File: pg.file, Message: "an empty <title>"})
		default:
			byTitle[pg.title] = append(byTitle[pg.title], pg.file)
		}
	}
	for title, files := range byTitle {
		if len(files) < 2 {
			continue
		}
		sort.Strings(files)
		for _, f := range files[1:] {
			res.Problems = append(res.Problems, Problem{File: f, Message: fmt.Sprintf("the title %q is also the title of %s; every page needs its own", title, files[0])})
		}
	}
	sort.Slice(res.Problems, func(i, j int) bool { return res.Problems[i].File < res.Problems[j].File })
	return res
}
