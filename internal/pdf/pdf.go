// Package pdf prints pages of the built site to tagged PDF documents in
// Chromium (driven by playwright-core with Node, as ssu check's browser
// test is), with the site's print style sheet, page numbers and the
// page's address in the footer. The same page gives the same bytes.
package pdf

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser"
)

//go:embed print.cjs
var printScript []byte

// Printer prints pages of one built site.
type Printer struct {
	SiteDir  string // the built site (ssu build --out)
	ToolsDir string // the directory with package.json and node_modules/
	node     string
	chromium string
}

// New finds Node, playwright-core (in toolsDir/node_modules) and Chromium
// for printing the site in siteDir. When one is missing, the error says in
// one line which, and how to install it.
func New(siteDir, toolsDir string) (*Printer, error) {
	p := &Printer{SiteDir: siteDir, ToolsDir: toolsDir}
	var err error
	if p.node, err = exec.LookPath("node"); err != nil {
		return nil, errors.New("Node.js (node) is not on PATH: install it with apt-get install nodejs npm")
	}
	if _, err := os.Stat(filepath.Join(toolsDir, "node_modules", "playwright-core", "package.json")); err != nil {
		return nil, fmt.Errorf("playwright-core is not in %s: run npm install there", filepath.Join(toolsDir, "node_modules"))
	}
	if p.chromium, err = browser.Chromium(); err != nil {
		return nil, err
	}
	return p, nil
}

// Print prints the pages at the given paths of the site ("/arsrapporter/2025/"),
// one PDF each, in the same order. Each page is loaded from its canonical
// address, answered from the site directory, so that its links and footer
// name the site's real address, and its contents (.toc) get the page
// number of each part.
func (p *Printer) Print(ctx context.Context, paths []string) ([][]byte, error) {
	tmp, err := os.MkdirTemp("", "ssu-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(tmp)
	var jobs []job
	var base string
	for i, pagePath := range paths {
		canonical, err := canonicalURL(filepath.Join(p.SiteDir, filepath.FromSlash(pagePath), "index.html"))
		if err != nil {
			return nil, err
		}
		siteBase, ok := strings.CutSuffix(canonical, strings.TrimPrefix(pagePath, "/"))
		if !ok || (base != "" && siteBase != base) {
			return nil, fmt.Errorf("pdf: %s has the address %s, not one under the site's", pagePath, canonical)
		}
		base = siteBase
		jobs = append(jobs, job{URL: canonical, Out: filepath.Join(tmp, fmt.Sprintf("%d.pdf", i)), Footer: footer(canonical)})
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	// Printed once to learn the page of each part, then again with the
	// page numbers in the contents. The contents have a page of their own
	// (print.css), so the numbers move nothing after them.
	docs, err := p.run(ctx, tmp, base, jobs)
	if err != nil {
		return nil, err
	}
	numbered := false
	for i := range jobs {
		if jobs[i].Marks, err = destinationPages(docs[i]); err != nil {
			return nil, fmt.Errorf("pdf of %s: %w", paths[i], err)
		}
		numbered = numbered || len(jobs[i].Marks) > 0
	}
	if numbered {
		if docs, err = p.run(ctx, tmp, base, jobs); err != nil {
			return nil, err
		}
	}
	for i := range docs {
		docs[i] = withoutStamps(docs[i])
	}
	return docs, nil
}

// job is one page for print.cjs to print.
type job struct {
	URL    string         `json:"url"`
	Out    string         `json:"out"`
	Footer string         `json:"footer"`
	Marks  map[string]int `json:"marks"` // the page each id is on, for the contents
}

// contentsLinks are the links of a page's contents, which get the page
// number of the part they lead to (as data-page, which print.css shows).
const contentsLinks = `.toc a[href^="#"]`

// run prints the jobs with print.cjs in one Chromium.
func (p *Printer) run(ctx context.Context, tmp, base string, jobs []job) ([][]byte, error) {
	root, err := filepath.Abs(p.ToolsDir)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	dir, err := filepath.Abs(p.SiteDir)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	script := filepath.Join(tmp, "print.cjs")
	if err := os.WriteFile(script, printScript, 0o644); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "launch.cjs"), browser.LaunchModule, 0o644); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	input, err := json.Marshal(map[string]any{
		"root": root, "chromium": p.chromium,
		"dir": dir, "base": base, "pages": jobs, "contentsLinks": contentsLinks,
	})
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, p.node, script)
	// On cancel, an interrupt lets Playwright close the browser it started.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	cmd.Dir = tmp
	cmd.Stdin = bytes.NewReader(input)
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("print to PDF in Chromium (%s) failed: %w\n%s", p.chromium, err, strings.TrimSpace(stderr.String()))
	}
	docs := make([][]byte, len(jobs))
	for i, j := range jobs {
		data, err := os.ReadFile(j.Out)
		if err != nil {
			return nil, fmt.Errorf("pdf of %s: %w", j.URL, err)
		}
		docs[i] = data
	}
	return docs, nil
}

var canonicalLink = regexp.MustCompile(`<link rel="?canonical"? href="?([^"> ]+)"?>`)

// canonicalURL is the address a built page gives itself.
func canonicalURL(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("pdf: %w", err)
	}
	m := canonicalLink.FindSubmatch(data)
	if m == nil {
		return "", fmt.Errorf("pdf: %s has no canonical link", file)
	}
	return html.UnescapeString(string(m[1])), nil
}

// footer is Chromium's footer template for a page at address: the address
// and "side N av M". The template has no style sheet of its own; its font
// size must be set, or Chromium makes it unreadably small.
func footer(address string) string {
	return `<div style="font: 8pt sans-serif; color: #333; width: 100%; box-sizing: border-box; padding: 0 18mm; display: flex; justify-content: space-between;">` +
		`<span>` + html.EscapeString(address) + `</span>` +
		`<span>Side <span class="pageNumber"></span> av <span class="totalPages"></span></span></div>`
}

// pdfStamp is what a PDF's document information says of its making:
// Chromium (Skia) writes the moment of printing (CreationDate, ModDate)
// and its own version (Creator, Producer).
var pdfStamp = regexp.MustCompile(`/(CreationDate|ModDate|Creator|Producer) \((?:[^()\\]|\\.)*\)`)

// withoutStamps blanks the time of printing and the Chromium version out
// of a PDF, so that the same page gives the same bytes: the PDF of a
// report changes only when the report does (or Chromium draws it
// differently), not with the day or an update that draws it the same.
// Each is overwritten with spaces of the same length, which keeps every
// byte offset in the cross-reference table valid.
func withoutStamps(doc []byte) []byte {
	return pdfStamp.ReplaceAllFunc(doc, func(m []byte) []byte {
		return bytes.Repeat([]byte(" "), len(m))
	})
}
