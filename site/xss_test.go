package site_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// xssBatch is how many payloads one tree holds. The RSS feed lists 50
// items (reports, then meetings, then projects), so with 16 of each every
// payload reaches the feed too.
const xssBatch = 16

// readPayloads is the shared corpus of hostile text.
func readPayloads(t *testing.T) []string {
	t.Helper()
	all, err := contenttest.HostileTexts()
	if err != nil {
		t.Fatal(err)
	}
	// A text the body rule refuses (nesting too deep for Goldmark to
	// render in time) is refused at save and never reaches a page.
	var payloads []string
	for _, p := range all {
		if content.CheckBody(p) == nil {
			payloads = append(payloads, p)
		}
	}
	return payloads
}

// TestXSSPayloads puts every payload of contenttest.HostileTexts into every
// text field of every content type (contenttest.EveryField), builds the
// site, and checks every page and the RSS feed: the build succeeds; no
// script element, event-handler attribute or active element (iframe,
// object, form, base, meta, style, svg …) comes from content (compared with
// the same tree holding harmless text); no javascript:, vbscript: or data:
// URL is in any URL attribute; titles, alt texts and the other plain fields
// show the payload as written; and shortcode and template syntax in bodies
// shows as written instead of running. The editors' preview, which is
// served from the editing server's own origin, is built and checked too.
func TestXSSPayloads(t *testing.T) {
	payloads := readPayloads(t)
	if len(payloads) < 50 {
		t.Fatalf("%d payloads; want at least 50", len(payloads))
	}

	harmless := make([]string, xssBatch)
	for i := range harmless {
		harmless[i] = fmt.Sprintf("Vanlig tekst nummer %d", i)
	}
	baseline := scanBuiltSite(t, buildXSSTree(t, contenttest.EveryField(harmless), false), false)

	for start := 0; start < len(payloads); start += xssBatch {
		batch := payloads[start:min(start+xssBatch, len(payloads))]
		t.Run(fmt.Sprintf("payloads %d-%d", start+1, start+len(batch)), func(t *testing.T) {
			tree := contenttest.EveryField(batch)
			preview := start == 0
			if preview {
				markDrafts(tree)
			}
			out := buildXSSTree(t, tree, preview)
			pages := scanBuiltSite(t, out, preview)
			comparePages(t, batch, pages, baseline)
			checkLiteral(t, out, batch)
			checkFeed(t, out, batch)
		})
	}
}

// markDrafts makes every page of the tree a draft, as the preview shows
// drafts.
func markDrafts(tree *content.Tree) {
	for i := range tree.Reports {
		tree.Reports[i].Draft = true
		for j := range tree.Reports[i].Sections {
			tree.Reports[i].Sections[j].Draft = true
		}
	}
	for i := range tree.Projects {
		tree.Projects[i].Draft = true
	}
	for i := range tree.Meetings {
		tree.Meetings[i].Draft = true
	}
	for i := range tree.Committees {
		tree.Committees[i].Draft = true
		for j := range tree.Committees[i].Statuses {
			tree.Committees[i].Statuses[j].Draft = true
		}
	}
}

func buildXSSTree(t *testing.T, tree *content.Tree, preview bool) string {
	t.Helper()
	dir := writeTree(t, tree)
	opts := site.Options{ContentDir: dir, OutDir: filepath.Join(t.TempDir(), "public"), Clock: someDay}
	if preview {
		opts.Preview = true
		opts.BaseURL = "/forhandsvisning/"
	}
	if _, err := site.Build(context.Background(), opts); err != nil {
		t.Fatalf("build: %v", err)
	}
	return opts.OutDir
}

// activeElements are elements that run code, load other documents or
// change how the page is read. Content must never add one: each page has
// exactly as many as the same page built from harmless text. Scripts are
// checked against the site's own instead.
var activeElements = []string{
	"iframe", "frame", "frameset", "object", "embed", "applet", "form", "input", "button",
	"textarea", "select", "base", "meta", "link", "style", "svg", "math", "template",
	"noscript", "audio", "video", "source", "track", "portal", "marquee",
}

// urlAttributes hold a URL (srcset a list of them).
var urlAttributes = []string{
	"href", "src", "action", "formaction", "srcset", "poster", "data", "background",
	"cite", "ping", "manifest", "codebase", "longdesc", "usemap", "lowsrc", "dynsrc", "xlink:href",
}

// The site's own scripts in the builds checked here: the live reload of
// the preview, and the projects overview's filter (fingerprinted, in the
// public site and the preview).
const liveScript = "/forhandsvisning/_live.js"

var filterScript = regexp.MustCompile(`^(/forhandsvisning)?/js/project-filter\.[0-9a-f]{64}\.js$`)

const filterPage = "prosjekter/index.html"

// pageScan is what the checks found on one page.
type pageScan struct {
	counts     map[string]int // active elements, and "@style" for style attributes
	problems   []string       // scripts, event handlers and URLs that are never allowed
	ownScripts int            // the site's own scripts
	alias      bool           // Hugo's redirect from an old address of a page
}

// aliasRefresh is the refresh of Hugo's alias page: at once, to a page of
// the site (a content page's own address; the old address, from content,
// is only where the file is).
var aliasRefresh = regexp.MustCompile(`^0; url=(https?://[a-z0-9.:-]+)?/([a-z0-9-]+/)*$`)

// scanBuiltSite parses every HTML file of a built site.
func scanBuiltSite(t *testing.T, out string, preview bool) map[string]*pageScan {
	t.Helper()
	pages := map[string]*pageScan{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rel, _ := filepath.Rel(out, p)
		pages[filepath.ToSlash(rel)] = scanBuiltPage(filepath.ToSlash(rel), doc, preview)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The site's own scripts are where they belong, so the check above
	// has something to let through: the live reload on every page of the
	// preview, the filter on the projects overview. (The search page has
	// its script only in a build with the search index; these builds have
	// none.)
	for rel, s := range pages {
		want := 0
		if preview && !s.alias {
			want++
		}
		if rel == filterPage {
			want++
		}
		if s.ownScripts != want {
			t.Errorf("%s has %d of the site's own scripts; want %d", rel, s.ownScripts, want)
		}
	}
	if pages["sok/index.html"] == nil {
		t.Fatal("the build has no search page")
	}
	return pages
}

func scanBuiltPage(rel string, doc *html.Node, preview bool) *pageScan {
	s := &pageScan{counts: map[string]int{}}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if slices.Contains(activeElements, n.Data) {
			s.counts[n.Data]++
		}
		if n.Data == "script" {
			src := htmlAttr(n, "src")
			own := (preview && src == liveScript) || (rel == filterPage && filterScript.MatchString(src) && htmlAttr(n, "integrity") != "")
			if !own || n.FirstChild != nil {
				s.problems = append(s.problems, fmt.Sprintf("script element %s", renderNode(n)))
			} else {
				s.ownScripts++
			}
		}
		for _, a := range n.Attr {
			name := strings.ToLower(a.Key)
			if a.Namespace != "" {
				name = a.Namespace + ":" + name
			}
			switch {
			case strings.HasPrefix(strings.ToLower(a.Key), "on"):
				s.problems = append(s.problems, fmt.Sprintf("event handler %s on <%s>", name, n.Data))
			case name == "style":
				s.counts["@style"]++
			case slices.Contains(urlAttributes, name):
				for _, u := range attrURLs(name, a.Val) {
					if dangerousURL(u) {
						s.problems = append(s.problems, fmt.Sprintf("%s=%q on <%s>", name, a.Val, n.Data))
					}
				}
			case name == "content" && strings.EqualFold(htmlAttr(n, "http-equiv"), "refresh"):
				if aliasRefresh.MatchString(a.Val) {
					s.alias = true
				} else {
					s.problems = append(s.problems, fmt.Sprintf("meta refresh %q", a.Val))
				}
			}
		}
	}
	return s
}

// attrURLs splits a srcset into its URLs; other attributes hold one.
func attrURLs(name, value string) []string {
	if name != "srcset" {
		return []string{value}
	}
	var list []string
	for candidate := range strings.SplitSeq(value, ",") {
		if fields := strings.Fields(candidate); len(fields) > 0 {
			list = append(list, fields[0])
		}
	}
	return list
}

// dangerousURL reports whether a browser would read u as a javascript:,
// vbscript: or data: URL: it ignores leading and trailing spaces and
// control characters, and tabs and line breaks anywhere, and schemes are
// case-insensitive. (The HTML parser has already decoded entities.)
func dangerousURL(u string) bool {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	u = strings.ToLower(u)
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, scheme) {
			return true
		}
	}
	return false
}

func htmlAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func renderNode(n *html.Node) string {
	var b bytes.Buffer
	_ = html.Render(&b, n)
	return b.String()
}

// comparePages fails for every problem found, and for every page with more
// active elements or style attributes than the same page built from
// harmless text. Pages of one payload name it.
func comparePages(t *testing.T, batch []string, pages, baseline map[string]*pageScan) {
	t.Helper()
	owner := map[string]string{}
	for i, p := range batch {
		for _, page := range contenttest.EveryFieldPages(i) {
			owner[page+"/index.html"] = fmt.Sprintf(" (payload %q)", p)
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(pages)) {
		got := pages[rel]
		for _, problem := range got.problems {
			t.Errorf("%s%s: %s came from content", rel, owner[rel], problem)
		}
		want, ok := baseline[rel]
		if !ok {
			t.Errorf("%s%s: the same tree with harmless text has no such page", rel, owner[rel])
			continue
		}
		for _, key := range slices.Sorted(maps.Keys(got.counts)) {
			if got.counts[key] > want.counts[key] {
				t.Errorf("%s%s: %d × %s; with harmless text %d", rel, owner[rel], got.counts[key], key, want.counts[key])
			}
		}
	}
}

// nodeText is the visible text of n, whitespace collapsed.
func nodeText(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
			b.WriteByte(' ')
		}
	}
	return collapseSpace(b.String())
}

// collapseSpace joins the words of s with single spaces. NUL is shown as U+FFFD.
func collapseSpace(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\x00", "\uFFFD")), " ")
}

func findAll(n *html.Node, tag string) []*html.Node {
	var found []*html.Node
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && d.Data == tag {
			found = append(found, d)
		}
	}
	return found
}

func parseBuiltPage(t *testing.T, out, urlPath string) *html.Node {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(urlPath), "index.html"))
	if err != nil {
		t.Fatalf("page %s: %v", urlPath, err)
	}
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// rawHTML finds an HTML tag, comment or declaration in Markdown, which the
// renderer omits; shortcode delimiters ({{< and {{</*) are not tags.
var rawHTML = regexp.MustCompile(`<[A-Za-z!?]|</[A-Za-z]`)

// typographic folds what Goldmark's typographer and the zero-width space
// against shortcodes change, so that body text can be compared with what
// the editor wrote.
var typographic = strings.NewReplacer("\u200b", "", `"`, "", "'", "", "«", "", "»", "", "“", "", "”", "", "‘", "", "’", "", "…", "...", "–", "-", "—", "-")

// checkLiteral checks that each payload shows as written where a field is
// plain text (titles, descriptions, names, venues, alt texts …), and that
// template and shortcode syntax in a body shows as written.
func checkLiteral(t *testing.T, out string, batch []string) {
	t.Helper()
	for i, p := range batch {
		want := collapseSpace(p)
		pages := contenttest.EveryFieldPages(i)
		for kind, urlPath := range pages {
			doc := parseBuiltPage(t, out, urlPath)
			main, body := findAll(doc, "main"), findAll(doc, "body")
			if len(main) != 1 || len(body) != 1 {
				t.Errorf("%s: %d main and %d body elements; want one each", urlPath, len(main), len(body))
				continue
			}
			h1 := findAll(main[0], "h1")
			wantH1 := want
			if kind == "status" {
				wantH1 = want + ": " + want
			}
			if len(h1) == 0 || nodeText(h1[0]) != wantH1 {
				t.Errorf("%s: the heading does not show the payload as written\ngot  %q\nwant %q", urlPath, nodeTexts(h1), wantH1)
			}
			// Fields shown as plain text on the page, at least this often:
			// the title is in the breadcrumbs and the heading.
			fields := map[string]int{
				// title, description, four terms
				"project": 2 + 1 + 4,
				// title, venue, speaker, topic, evaluation
				"meeting": 2 + 4,
				// title, description, contents, theme; members: name, job
				// title, organisation, from, until, replaced, from; name,
				// job title, organisation, until; section; project title and
				// description; meeting venue, speaker, topic, evaluation;
				// committee; link title
				"report":    2 + 1 + 1 + 1 + 7 + 4 + 1 + 2 + 4 + 1 + 1,
				"section":   2 + 1,
				"committee": 2 + 1 + 1,
			}[kind]
			if got := strings.Count(nodeText(body[0]), want); got < fields {
				t.Errorf("%s (%s): the payload is shown %d times; want at least %d (every plain field)\npayload %q\npage    %s", urlPath, kind, got, fields, want, nodeText(body[0]))
			}
			if kind == "project" || kind == "meeting" || kind == "section" {
				shown := false
				for _, img := range findAll(main[0], "img") {
					shown = shown || collapseSpace(htmlAttr(img, "alt")) == want
				}
				if !shown {
					t.Errorf("%s: no image has the payload %q as its alt text", urlPath, want)
				}
			}
			if strings.Contains(p, "{{") && !rawHTML.MatchString(p) && kind != "report" {
				if body := typographic.Replace(nodeText(main[0])); !strings.Contains(body, typographic.Replace(want)) {
					t.Errorf("%s (%s): the body does not show the template syntax %q as written:\n%s", urlPath, kind, want, nodeText(main[0]))
				}
			}
		}
	}
}

func nodeTexts(nodes []*html.Node) []string {
	var list []string
	for _, n := range nodes {
		list = append(list, nodeText(n))
	}
	return list
}

// checkFeed checks the RSS feed: every report, meeting and project of the
// batch is an item, its title is the payload as written, and its
// description, which readers show as HTML, holds only text.
func checkFeed(t *testing.T, out string, batch []string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "index.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var rss struct {
		Links []string `xml:"channel>link"` // the home page, and an empty atom:link
		Items []struct {
			Title       string `xml:"title"`
			Description string `xml:"description"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(data, &rss); err != nil || len(rss.Links) == 0 || rss.Links[0] == "" {
		t.Fatalf("RSS feed without a home link (err %v)", err)
	}
	home := rss.Links[0]
	titles := map[string]int{}
	for _, item := range rss.Items {
		// Hugo makes root-relative URLs in a feed absolute (src=/x becomes
		// src=<home>x), in its text too.
		titles[collapseSpace(strings.ReplaceAll(item.Title, home, "/"))]++
		nodes, err := html.ParseFragment(strings.NewReader(item.Description), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
		if err != nil {
			t.Errorf("RSS item %q: description: %v", item.Title, err)
			continue
		}
		for _, n := range nodes {
			if n.Type != html.TextNode {
				t.Errorf("RSS item %q: the description %q is HTML with %s; want text only", item.Title, item.Description, renderNode(n))
			}
		}
	}
	for _, p := range batch {
		// A report, a meeting and a project.
		if titles[collapseSpace(p)] < 3 {
			t.Errorf("RSS feed has %d items titled %q; want 3 (report, meeting, project)", titles[collapseSpace(p)], collapseSpace(p))
		}
	}
}
