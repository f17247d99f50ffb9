package sitecheck

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed axe.cjs
var axeScript []byte

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA, which
// Norwegian law asks of public bodies.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// chromiumArgs keep a headless Chromium from reaching for the network on
// its own (this machine has none but loopback) and from needing a sandbox
// it cannot have as root. Playwright gives each launch a fresh profile.
var chromiumArgs = []string{
	"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
	"--disable-background-networking", "--disable-component-update",
	"--disable-sync", "--no-first-run",
}

// axeWorkers is how many pages are checked at once. Chromium already spreads
// one page over several processes: on 2 cores, two pages at a time were no
// faster than one (82 pages: 30 s either way, slower under load).
const axeWorkers = 1

// viewports are the windows each page is checked in: a desktop screen and
// the narrowest phone (320 × 568 CSS px, as an iPhone SE). axe runs in
// both; at the narrow one a page must not scroll sideways and its first
// screen must show its title and the start of what follows it.
var viewports = []viewport{{Width: 1280, Height: 800}, {Width: 320, Height: 568}}

type viewport struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// checkAxe serves the site on 127.0.0.1, visits every page its sitemap
// lists (and 404.html) in Chromium at each of viewports, runs axe-core on
// each and reports every violation with the CSS selector of each element
// concerned; and, as a second result, the pages that scroll sideways on a
// phone or whose first screen there does not reach their text.
func checkAxe(ctx context.Context, s *builtSite, t tools, progress io.Writer) []Result {
	res := Result{Title: "Accessibility, WCAG 2.1 A and AA (axe-core in Chromium, 1280 and 320 px wide)", Noun: "axe violations"}
	layout := Result{Title: "Layout on a phone (Chromium, 320 × 568 px)", Noun: "layout problems"}
	if why := t.missing(true, "playwright-core", "axe-core"); why != "" {
		return []Result{t.unavailable(res, why), t.unavailable(layout, why)}
	}
	paths, problems, err := sitemapPaths(s)
	if err != nil {
		res.Err = err
		return []Result{res, layout}
	}
	res.Problems = append(res.Problems, problems...)
	if s.files["404.html"] {
		paths = append(paths, s.basePath+"404.html")
	}
	if len(paths) == 0 {
		return []Result{res, layout}
	}

	addr, stop, err := serve(s)
	if err != nil {
		res.Err = err
		return []Result{res, layout}
	}
	defer stop()
	urls := make([]string, len(paths))
	for i, p := range paths {
		urls[i] = "http://" + addr + p
	}

	if progress != nil {
		fmt.Fprintf(progress, "sitecheck: running axe on %d pages at %d widths in %s\n", len(urls), len(viewports), t.chromium)
	}
	pages, err := runAxe(ctx, t, urls)
	if err != nil {
		res.Err = err
		return []Result{res, layout}
	}
	for i, pg := range pages {
		file, _ := s.fileFor(paths[i])
		switch {
		case pg.Error != "":
			res.Problems = append(res.Problems, Problem{File: file, Message: "could not be checked: " + pg.Error})
		case pg.Status != http.StatusOK:
			res.Problems = append(res.Problems, Problem{File: file, Message: fmt.Sprintf("%s answered HTTP %d", paths[i], pg.Status)})
		}
		// A violation found at both widths is reported once, with both.
		var found []string
		widths := map[string][]string{}
		for _, view := range pg.Views {
			for _, v := range view.Violations {
				var b strings.Builder
				fmt.Fprintf(&b, "%s (%s): %s [%s]", v.ID, v.Impact, v.Help, withoutQuery(v.HelpURL))
				for _, target := range v.Targets {
					b.WriteString("\n    " + target)
				}
				if widths[b.String()] == nil {
					found = append(found, b.String())
				}
				widths[b.String()] = append(widths[b.String()], strconv.Itoa(view.Width))
			}
			if view.Width == viewports[len(viewports)-1].Width {
				layout.Problems = append(layout.Problems, phoneProblems(file, view)...)
			}
		}
		for _, msg := range found {
			head, targets, _ := strings.Cut(msg, "\n")
			msg = fmt.Sprintf("%s at %s px\n%s", head, strings.Join(widths[msg], " and "), targets)
			res.Problems = append(res.Problems, Problem{File: file, Message: strings.TrimSuffix(msg, "\n")})
		}
	}
	return []Result{res, layout}
}

// phoneProblems judges a page seen in the narrow viewport: it may not be
// wider than the window, and its first screen must show its title (the
// h1) and the top of the element after it.
func phoneProblems(file string, v axeView) []Problem {
	var problems []Problem
	if v.ScrollWidth > v.ClientWidth {
		var b strings.Builder
		fmt.Fprintf(&b, "scrolls sideways at %d px: the page is %d px wide", v.Width, v.ScrollWidth)
		for _, w := range v.Wide {
			fmt.Fprintf(&b, "\n    %s (to %d px)", w.Target, w.Right)
		}
		problems = append(problems, Problem{File: file, Message: b.String()})
	}
	switch {
	case v.TitleBottom < 0:
		// A page without an h1 is the headings check's to report.
	case v.TitleBottom > v.Height:
		problems = append(problems, Problem{File: file, Message: fmt.Sprintf("at %d × %d px the title (h1) ends %d px down, below the first screen", v.Width, v.Height, v.TitleBottom)})
	case v.StartTop >= v.Height:
		problems = append(problems, Problem{File: file, Message: fmt.Sprintf("at %d × %d px what follows the title begins %d px down, below the first screen", v.Width, v.Height, v.StartTop)})
	}
	return problems
}

// axePage is what axe.cjs reports for one URL: a view for each viewport.
type axePage struct {
	URL    string    `json:"url"`
	Status int       `json:"status"`
	Error  string    `json:"error"`
	Views  []axeView `json:"views"`
}

type axeView struct {
	Width, Height int
	Violations    []struct {
		ID      string   `json:"id"`
		Impact  string   `json:"impact"`
		Help    string   `json:"help"`
		HelpURL string   `json:"helpUrl"`
		Targets []string `json:"targets"`
	} `json:"violations"`
	ScrollWidth int `json:"scrollWidth"`
	ClientWidth int `json:"clientWidth"`
	Wide        []struct {
		Target string `json:"target"`
		Right  int    `json:"right"`
	} `json:"wide"`
	TitleBottom int `json:"titleBottom"` // -1: no h1
	StartTop    int `json:"startTop"`    // -1: nothing after the h1
}

// runAxe runs axe.cjs with Node over urls and returns its report, one
// entry a URL in the same order.
func runAxe(ctx context.Context, t tools, urls []string) ([]axePage, error) {
	tmp, err := os.MkdirTemp("", "ssu-axe-")
	if err != nil {
		return nil, fmt.Errorf("axe: %w", err)
	}
	defer os.RemoveAll(tmp)
	script := filepath.Join(tmp, "axe.cjs")
	if err := os.WriteFile(script, axeScript, 0o644); err != nil {
		return nil, fmt.Errorf("axe: %w", err)
	}
	root, err := filepath.Abs(t.root)
	if err != nil {
		return nil, fmt.Errorf("axe: %w", err)
	}
	input, err := json.Marshal(map[string]any{
		"root":      root,
		"chromium":  t.chromium,
		"args":      chromiumArgs,
		"urls":      urls,
		"tags":      axeTags,
		"workers":   axeWorkers,
		"viewports": viewports,
	})
	if err != nil {
		return nil, err
	}

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, t.node, script)
	// On cancel, an interrupt lets Playwright close the browser it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Dir = tmp
	cmd.Stdin = bytes.NewReader(input)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("axe in Chromium (%s) failed: %w\n%s", t.chromium, err, lastLines(stderr.String(), 20))
	}
	var pages []axePage
	if err := json.Unmarshal(stdout.Bytes(), &pages); err != nil {
		return nil, fmt.Errorf("axe gave no report: %w", err)
	}
	if len(pages) != len(urls) {
		return nil, fmt.Errorf("axe reported on %d pages of %d", len(pages), len(urls))
	}
	return pages, nil
}

// sitemapPaths returns the URL paths in the site's sitemap.xml, following
// a sitemap index one level down, as Hugo writes for several languages.
// The sitemap has absolute URLs with the baseURL the site was built with;
// only their paths are kept, to be asked of the local server. A URL
// outside the site's base path is a problem.
func sitemapPaths(s *builtSite) ([]string, []Problem, error) {
	if !s.files["sitemap.xml"] {
		return nil, []Problem{{File: "sitemap.xml", Message: "missing: the browser check visits the pages the sitemap lists"}}, nil
	}
	var paths []string
	var problems []Problem
	seen := map[string]bool{}
	var read func(file string, depth int) error
	read = func(file string, depth int) error {
		data, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(file)))
		if err != nil {
			return fmt.Errorf("read sitemap: %w", err)
		}
		var doc struct {
			XMLName xml.Name
			URLs    []string `xml:"url>loc"`
			Maps    []string `xml:"sitemap>loc"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			return fmt.Errorf("read sitemap %s: %w", file, err)
		}
		for _, loc := range doc.URLs {
			u, err := url.Parse(strings.TrimSpace(loc))
			if err != nil || !strings.HasPrefix(u.Path, s.basePath) {
				problems = append(problems, Problem{File: file, Message: fmt.Sprintf("%q is not a URL under the base path %s", loc, s.basePath)})
				continue
			}
			if !seen[u.Path] {
				seen[u.Path] = true
				paths = append(paths, u.Path)
			}
		}
		for _, loc := range doc.Maps {
			u, err := url.Parse(strings.TrimSpace(loc))
			if err != nil || depth > 0 {
				problems = append(problems, Problem{File: file, Message: fmt.Sprintf("sitemap %q cannot be followed", loc)})
				continue
			}
			sub, ok := s.fileFor(u.Path)
			if !ok {
				problems = append(problems, Problem{File: file, Message: fmt.Sprintf("sitemap %q is not in the site", loc)})
				continue
			}
			if err := read(sub, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := read("sitemap.xml", 0); err != nil {
		return nil, nil, err
	}
	return paths, problems, nil
}

// serve serves the site directory on a free port of 127.0.0.1, under the
// site's base path as a static host would. stop shuts the server down.
func serve(s *builtSite) (addr string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("serve the site: %w", err)
	}
	var handler http.Handler = http.FileServer(http.Dir(s.dir))
	if s.basePath != "/" {
		handler = http.StripPrefix(strings.TrimSuffix(s.basePath, "/"), handler)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(os.Stderr, "sitecheck: site server:", err)
		}
	}()
	return ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
	}, nil
}

// withoutQuery drops the query of a URL: axe tags its help links with
// ?application=axeAPI.
func withoutQuery(u string) string {
	before, _, _ := strings.Cut(u, "?")
	return before
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
