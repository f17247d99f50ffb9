package content

import (
	"regexp"
	"slices"
	"strings"
)

// sitePaths are the site's own pages, which are not in the content tree:
// the home page, the pages of site/pages, the feeds and the list page of
// each directory.
var sitePaths = func() []string {
	paths := []string{"/", "/utvalget/", "/nokkeltall/", "/sok/", "/tilgjengelighet/", "/index.xml", "/sitemap.xml"}
	for _, dir := range append([]string{ReportsDir, ProjectsDir, MeetingsDir, CommitteesDir}, Taxonomies...) {
		paths = append(paths, listURL(dir))
	}
	return paths
}()

// IsSitePath reports whether p (with its final slash) is one of the
// site's own pages outside the content tree, such as the home page.
func IsSitePath(p string) bool { return slices.Contains(sitePaths, p) }

// markdownLink finds the target of an inline link or image, [x](/target),
// and of a reference definition, [x]: /target.
var markdownLink = regexp.MustCompile(`\]\(\s*<?(/[^)\s>]*)>?|(?m)^\s{0,3}\[[^\]]+\]:\s*<?(/[^\s>]*)`)

// InternalLinks returns the site-internal link targets (starting with /)
// in Markdown, without #fragment or ?query.
func InternalLinks(markdown string) []string {
	// Most texts have no link at all; the regexp costs 20 ns a byte.
	if !strings.Contains(markdown, "](") && !strings.Contains(markdown, "]:") {
		return nil
	}
	var links []string
	for _, m := range markdownLink.FindAllStringSubmatch(markdown, -1) {
		target := m[1] + m[2]
		if strings.HasPrefix(target, "//") {
			continue // another host
		}
		target, _, _ = strings.Cut(target, "#")
		target, _, _ = strings.Cut(target, "?")
		links = append(links, target)
	}
	return links
}

// Paths returns every address the tree and the site give a page or file,
// each with a trailing slash for pages.
func (t *Tree) Paths() map[string]bool {
	paths := map[string]bool{}
	for _, p := range sitePaths {
		paths[p] = true
	}
	for page := range t.Pages() {
		paths[page.URL] = true
		if page.PDF.URL != "" {
			paths[page.PDF.URL] = true
		}
		if page.Document.URL != "" {
			paths[page.Document.URL] = true
		}
	}
	return paths
}

// BrokenLinks returns the internal links in markdown that lead to no page
// in paths. A page address may be written with or without its final slash.
func BrokenLinks(markdown string, paths map[string]bool) []string {
	var broken []string
	for _, link := range InternalLinks(markdown) {
		if !paths[link] && !paths[link+"/"] {
			broken = append(broken, link)
		}
	}
	return broken
}
