package sitecheck

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// heaviest is how many pages the budget check lists by weight.
const heaviest = 5

// checkBudget weighs every page as a browser downloads it gzipped: the
// HTML plus every local CSS and JS file it references. A page over
// pageBudget, or a CSS file over cssBudget, is a problem. External files
// are not weighed (the links check leaves them alone, and the site should
// have none).
func checkBudget(s *builtSite, pageBudget, cssBudget int64) (Result, error) {
	res := Result{Title: fmt.Sprintf("Page weight (gzipped; page ≤ %s with its CSS and JS, CSS file ≤ %s)", kb(pageBudget), kb(cssBudget)), Noun: "over budget"}
	sizes := map[string]int64{} // gzipped size by file
	gz := func(file string) (int64, error) {
		if n, ok := sizes[file]; ok {
			return n, nil
		}
		n, err := gzipSize(filepath.Join(s.dir, filepath.FromSlash(file)))
		if err != nil {
			return 0, err
		}
		sizes[file] = n
		return n, nil
	}

	var css []string
	for file := range s.files {
		if strings.HasSuffix(file, ".css") {
			css = append(css, file)
		}
	}
	sort.Strings(css)
	for _, file := range css {
		n, err := gz(file)
		if err != nil {
			return res, err
		}
		if n > cssBudget {
			res.Problems = append(res.Problems, Problem{File: file, Message: fmt.Sprintf("CSS file is %s gzipped; budget %s", kb(n), kb(cssBudget))})
		}
	}

	type weight struct {
		file          string
		html, css, js int64
		total         int64
	}
	var weights []weight
	for _, pg := range s.pages {
		w := weight{file: pg.file}
		var err error
		if w.html, err = gz(pg.file); err != nil {
			return res, err
		}
		pageURL := &url.URL{Path: s.urlPath(pg.file)}
		seen := map[string]bool{}
		for _, list := range []struct {
			urls []string
			sum  *int64
		}{{pg.styles, &w.css}, {pg.scripts, &w.js}} {
			for _, raw := range list.urls {
				file, ok := s.localFile(pageURL, raw)
				if !ok || seen[file] {
					continue
				}
				seen[file] = true
				n, err := gz(file)
				if err != nil {
					return res, err
				}
				*list.sum += n
			}
		}
		w.total = w.html + w.css + w.js
		weights = append(weights, w)
		if w.total > pageBudget {
			res.Problems = append(res.Problems, Problem{File: pg.file, Message: fmt.Sprintf("page is %s gzipped with its CSS and JS (HTML %s, CSS %s, JS %s); budget %s",
				kb(w.total), kb(w.html), kb(w.css), kb(w.js), kb(pageBudget))})
		}
	}

	sort.SliceStable(weights, func(i, j int) bool { return weights[i].total > weights[j].total })
	if len(weights) > 0 {
		res.Notes = append(res.Notes, "heaviest pages (HTML + CSS + JS, gzipped):")
	}
	for i, w := range weights {
		if i == heaviest {
			break
		}
		res.Notes = append(res.Notes, fmt.Sprintf("  %9s  %s (HTML %s, CSS %s, JS %s)", kb(w.total), w.file, kb(w.html), kb(w.css), kb(w.js)))
	}
	for _, file := range css {
		res.Notes = append(res.Notes, fmt.Sprintf("CSS %s: %s gzipped", file, kb(sizes[file])))
	}
	return res, nil
}

// localFile resolves a URL in the page at pageURL to a file of the site.
func (s *builtSite) localFile(pageURL *url.URL, raw string) (string, bool) {
	target, inside, err := s.resolve(pageURL, raw)
	if err != nil || !inside {
		return "", false
	}
	return s.fileFor(target.Path)
}

func gzipSize(name string) (int64, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, fmt.Errorf("weigh %s: %w", name, err)
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return 0, err
	}
	if _, err := zw.Write(data); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return int64(buf.Len()), nil
}

// kb formats a byte count in kilobytes of 1024 bytes.
func kb(n int64) string {
	return fmt.Sprintf("%.1f KB", float64(n)/1024)
}
