package sitecheck

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// checkLinks reports every URL in a page that points inside the site but
// names no file, or names an anchor the target page does not have. URLs
// with another host or scheme (mailto:, tel:, https://elsewhere) are not
// fetched.
func checkLinks(s *builtSite) Result {
	res := Result{Title: "Broken internal links and anchors", Noun: "broken links"}
	for _, pg := range s.pages {
		pageURL := &url.URL{Path: s.urlPath(pg.file)}
		for _, r := range pg.refs {
			if msg := s.checkRef(pageURL, r.url); msg != "" {
				res.Problems = append(res.Problems, Problem{
					File:    pg.file,
					Line:    r.line,
					Message: fmt.Sprintf("<%s %s=%q>: %s", r.tag, r.attr, r.url, msg),
				})
			}
		}
	}
	res.Problems = append(res.Problems, s.checkRedirects()...)
	return res
}

// checkRedirects follows each line of Netlify's _redirects (from, to,
// status) to its target, which must be in the site.
func (s *builtSite) checkRedirects() []Problem {
	data, err := os.ReadFile(filepath.Join(s.dir, "_redirects"))
	if err != nil {
		return nil // a site without redirects
	}
	var problems []Problem
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) < 2 {
			problems = append(problems, Problem{File: "_redirects", Line: i + 1, Message: fmt.Sprintf("%q: no target", line)})
			continue
		}
		if msg := s.checkRef(&url.URL{Path: s.basePath}, f[1]); msg != "" {
			problems = append(problems, Problem{File: "_redirects", Line: i + 1, Message: fmt.Sprintf("%s → %s: %s", f[0], f[1], msg)})
		}
	}
	return problems
}

// checkRef returns what is wrong with a URL found in the page at pageURL,
// or "" when it resolves or is not the site's to check.
func (s *builtSite) checkRef(pageURL *url.URL, raw string) string {
	target, inside, err := s.resolve(pageURL, raw)
	if err != nil {
		return "not a valid URL"
	}
	if !inside {
		return ""
	}
	file, ok := s.fileFor(target.Path)
	if !ok {
		return fmt.Sprintf("no such file in the site (looked for %s)", file)
	}
	if target.Fragment == "" || strings.EqualFold(target.Fragment, "top") {
		return "" // "#" and "#top" go to the top of any page
	}
	pg := s.byFile[file]
	if pg == nil {
		return "" // an anchor in a PDF or the like is not ours to read
	}
	if !pg.ids[target.Fragment] {
		return fmt.Sprintf("no element with id %q in %s", target.Fragment, file)
	}
	return ""
}

// resolve parses a URL found in the page at pageURL and makes it absolute.
// inside is false for a URL of another host or scheme (mailto:, tel:,
// data:), which is not the site's.
func (s *builtSite) resolve(pageURL *url.URL, raw string) (target *url.URL, inside bool, err error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, false, err
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	default:
		return u, false, nil
	}
	if u.Host != "" && !strings.EqualFold(u.Host, s.baseHost) {
		return u, false, nil
	}
	return pageURL.ResolveReference(u), true, nil
}
