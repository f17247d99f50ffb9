// Package sitecheck is the quality gate over a built site directory: broken
// internal links and anchors, images without alt text, heading structure,
// HTML validity (html-validate), page weight, and WCAG 2.1 A/AA with axe-core
// in Chromium. The last two checks run Node tools from the repository's
// node_modules; without them they are skipped with a note on how to install
// them, unless Options.RequireTools says they must run (CI).
package sitecheck

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
)

// Options says what to check and with what.
type Options struct {
	SiteDir string // the built site, normally public/
	BaseURL string // the site's baseURL: "/" or "https://example.org/path/"

	PageBudget int64 // gzipped bytes of a page's HTML with its CSS and JS
	CSSBudget  int64 // gzipped bytes of one CSS file

	ToolsDir     string // holds package.json, node_modules/ and .htmlvalidate.json
	Chromium     string // the browser axe runs in; "" looks for chromium on PATH
	RequireTools bool   // a missing tool fails the check instead of skipping it (CI)

	Progress io.Writer // where the browser check tells what it is doing; nil for nowhere

	Spelling *prose.Checker // nil starts one (or skips the spelling without hunspell, unless RequireTools)
	Words    prose.WordList // the site's word list (ordliste); nil for none
}

// Default budgets: 60 KB for a page with its CSS and JS, 15 KB for one CSS
// file, both gzipped.
const (
	DefaultPageBudget = 60 * 1024
	DefaultCSSBudget  = 15 * 1024
)

// Problem is one finding: where, and what is wrong.
type Problem struct {
	File    string // relative to the site directory; "" for the site as a whole
	Line    int    // 0 when not known
	Message string
}

func (p Problem) String() string {
	switch {
	case p.File == "":
		return p.Message
	case p.Line > 0:
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Message)
	default:
		return fmt.Sprintf("%s: %s", p.File, p.Message)
	}
}

// Result is what one check found.
type Result struct {
	Title    string    // what the check is, for the reader
	Noun     string    // what it counts, for the summary: "broken links"
	Problems []Problem // each makes the gate fail
	Notes    []string  // information that is no failure, such as the heaviest pages
	Skipped  string    // why the check did not run and how to install what it needs
	Err      error     // the check could not run although it had to
	Info     bool      // information only (Notes, never Problems): left out of the summary's counts
	Found    int       // for information: how many things it found (words the dictionary lacks)
}

// Report is the outcome of Run: one result a check, in a fixed order.
type Report struct {
	Pages   int
	Results []Result
}

// Failed reports whether any check found a problem or could not run.
func (r *Report) Failed() bool {
	for _, res := range r.Results {
		if len(res.Problems) > 0 || res.Err != nil {
			return true
		}
	}
	return false
}

// Write prints the report grouped by check, ending in a one-line summary.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	var counts []string
	for _, res := range r.Results {
		switch {
		case res.Err != nil:
			fmt.Fprintf(&b, "== %s: COULD NOT RUN\n   %s\n", res.Title, indent(res.Err.Error()))
		case res.Skipped != "":
			fmt.Fprintf(&b, "== %s: SKIPPED\n   %s\n", res.Title, indent(res.Skipped))
		case res.Info:
			fmt.Fprintf(&b, "== %s: %d %s\n", res.Title, res.Found, res.Noun)
		case len(res.Problems) == 0:
			fmt.Fprintf(&b, "== %s: ok\n", res.Title)
		default:
			fmt.Fprintf(&b, "== %s: %d %s\n", res.Title, len(res.Problems), res.Noun)
			for _, p := range res.Problems {
				fmt.Fprintf(&b, "   %s\n", indent(p.String()))
			}
		}
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "   %s\n", n)
		}
		if res.Info {
			continue
		}
		count := fmt.Sprintf("%d %s", len(res.Problems), res.Noun)
		if res.Skipped != "" {
			count = res.Noun + " SKIPPED"
		} else if res.Err != nil {
			count = res.Noun + " NOT CHECKED"
		}
		counts = append(counts, count)
	}
	fmt.Fprintf(&b, "sitecheck: %s (%d pages)\n", strings.Join(counts, ", "), r.Pages)
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(s string) string {
	return strings.ReplaceAll(s, "\n", "\n   ")
}

// Run checks the built site in opts.SiteDir. The error is for a site that
// cannot be read at all; what the checks find is in the report.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.BaseURL == "" {
		opts.BaseURL = "/"
	}
	if opts.PageBudget == 0 {
		opts.PageBudget = DefaultPageBudget
	}
	if opts.CSSBudget == 0 {
		opts.CSSBudget = DefaultCSSBudget
	}
	s, err := readSite(opts.SiteDir, opts.BaseURL)
	if err != nil {
		return nil, err
	}
	budget, err := checkBudget(s, opts.PageBudget, opts.CSSBudget)
	if err != nil {
		return nil, err
	}
	tools := findTools(opts)
	r := &Report{Pages: len(s.pages)}
	r.Results = append(r.Results,
		checkLinks(s),
		checkImages(s),
		checkHeadings(s),
		checkTitles(s),
		checkHTML(ctx, s, tools),
		budget,
		checkProse(s, opts),
	)
	r.Results = append(r.Results, checkAxe(ctx, s, tools, opts.Progress)...)
	return r, nil
}
