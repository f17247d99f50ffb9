package sitecheck

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// builtSite is a built site directory read once: its files and its HTML
// pages parsed into what the checks look at.
type builtSite struct {
	dir      string
	basePath string          // the path of the site's baseURL, always ending in "/"
	baseHost string          // the host of the site's baseURL, "" when it has none
	files    map[string]bool // slash-separated paths relative to dir, files only
	pages    []*page         // sorted by file
	byFile   map[string]*page
}

// page is one HTML file.
type page struct {
	file     string // slash-separated path relative to the site directory
	size     int64
	ids      map[string]bool // id attributes, and name attributes of <a>
	refs     []ref
	images   []image
	headings []heading
	title    string   // the text of the document's <title>, spaces folded
	titles   int      // how many <title> elements outside <svg> it has
	styles   []string // href of <link rel=stylesheet>
	scripts  []string // src of <script>
	redirect bool     // a <meta http-equiv=refresh> page, such as a Hugo alias
	text     []string // the text blocks (paragraphs, items, headings, cells) inside <main>
}

// textBlocks are the elements whose end ends a block of text; skipText
// are those whose text is no prose.
var (
	textBlocks = map[string]bool{"p": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
		"td": true, "th": true, "dd": true, "dt": true, "blockquote": true, "figcaption": true, "caption": true, "div": true, "section": true}
	skipText = map[string]bool{"script": true, "style": true, "code": true, "pre": true, "svg": true, "noscript": true, "template": true}
)

// ref is one URL in a page: an href, a src, a srcset candidate.
type ref struct {
	line int
	tag  string // "a", "img", …
	attr string // "href", "src", …
	url  string
}

// image is an <img> without an alt attribute, or an <svg role="img">
// without an accessible name.
type image struct {
	line int
	tag  string // "img" or "svg"
	desc string // what identifies it to a reader: its src, or its first attributes
	ok   bool
}

type heading struct {
	line  int
	level int
	text  string
}

// readSite walks dir and parses every .html file in it.
func readSite(dir, baseURL string) (*builtSite, error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %w", baseURL, err)
	}
	s := &builtSite{
		dir:      dir,
		basePath: base.Path,
		baseHost: strings.ToLower(base.Host),
		files:    map[string]bool{},
		byFile:   map[string]*page{},
	}
	if !strings.HasPrefix(s.basePath, "/") {
		s.basePath = "/" + s.basePath
	}
	if !strings.HasSuffix(s.basePath, "/") {
		s.basePath += "/"
	}

	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("site directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("site directory %s is not a directory", dir)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return nil
		}
		s.files[rel] = true
		if !strings.HasSuffix(rel, ".html") {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pg, err := parsePage(rel, data)
		if err != nil {
			return fmt.Errorf("parse %s: %w", rel, err)
		}
		s.pages = append(s.pages, pg)
		s.byFile[rel] = pg
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read site: %w", err)
	}
	sort.Slice(s.pages, func(i, j int) bool { return s.pages[i].file < s.pages[j].file })
	return s, nil
}

// urlPath is the path a page is served at: a/index.html is at <base>a/.
func (s *builtSite) urlPath(file string) string {
	if file == "index.html" {
		return s.basePath
	}
	if dir, ok := strings.CutSuffix(file, "/index.html"); ok {
		return s.basePath + dir + "/"
	}
	return s.basePath + file
}

// fileFor maps a URL path inside the site to the file that serves it, as a
// static host does: a directory is served by its index.html. It returns
// the file it looked for and whether that file exists.
func (s *builtSite) fileFor(urlPath string) (string, bool) {
	rest, ok := strings.CutPrefix(urlPath, s.basePath)
	if !ok {
		if urlPath+"/" == s.basePath {
			rest = ""
		} else {
			return strings.TrimPrefix(urlPath, "/"), false
		}
	}
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	file := path.Clean(rest)
	if file == ".." || strings.HasPrefix(file, "../") {
		return rest, false
	}
	if s.files[file] {
		return file, true
	}
	if s.files[file+"/index.html"] {
		return file + "/index.html", true
	}
	return file, false
}

// voidElements have no end tag, in HTML inside an <svg> as elsewhere.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// urlAttrs lists the attributes that hold a URL, by element.
var urlAttrs = map[string][]string{
	"a":      {"href"},
	"area":   {"href"},
	"link":   {"href"},
	"img":    {"src", "srcset"},
	"source": {"src", "srcset"},
	"script": {"src"},
	"iframe": {"src"},
	"embed":  {"src"},
	"audio":  {"src"},
	"video":  {"src", "poster"},
	"track":  {"src"},
	"object": {"data"},
	"use":    {"href", "xlink:href"},
	"image":  {"href", "xlink:href"},
}

// parsePage collects what the checks need from one HTML file. It uses the
// tokenizer rather than the tree builder so that every finding has a line.
func parsePage(file string, data []byte) (*page, error) {
	pg := &page{file: file, size: int64(len(data)), ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1

	var (
		inMain  int             // <main> elements open
		skip    int             // elements open whose text is no prose
		hidden  string          // the tag of the hidden element being skipped (hidden, aria-hidden), "" when none
		hiddenN int             // elements of that tag open inside it, itself included
		block   strings.Builder // the text block being read
		open    *heading        // the heading whose text is being read
		svgOpen *image          // the <svg role="img"> being read, until its end
		svgDeep int             // elements open inside that svg
		inTitle bool            // the document's <title> is being read
	)
	for {
		tt := z.Next()
		raw := z.Raw()
		tokLine := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken:
			if err := z.Err(); err != io.EOF {
				return nil, err
			}
			if svgOpen != nil { // an <svg> never closed
				pg.images = append(pg.images, *svgOpen)
			}
			return pg, nil
		case html.TextToken:
			text := z.Text() // read once: the tokenizer hands it out once
			if open != nil {
				open.text += string(text)
			}
			if inMain > 0 && skip == 0 {
				block.Write(text)
			}
			if inTitle {
				pg.title = strings.Join(strings.Fields(pg.title+" "+string(text)), " ")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipText[tag] && skip > 0 {
				skip--
			}
			if hidden != "" && tag == hidden {
				if hiddenN--; hiddenN == 0 {
					hidden = ""
					skip--
				}
			}
			if inMain > 0 && (textBlocks[tag] || tag == "main") {
				if b := strings.Join(strings.Fields(block.String()), " "); b != "" {
					pg.text = append(pg.text, b)
				}
				block.Reset()
			}
			if tag == "main" && inMain > 0 {
				inMain--
			}
			if tag == "title" {
				inTitle = false
			}
			if open != nil && tag == fmt.Sprintf("h%d", open.level) {
				open.text = strings.Join(strings.Fields(open.text), " ")
				pg.headings = append(pg.headings, *open)
				open = nil
			}
			if svgOpen != nil {
				svgDeep--
				if svgDeep == 0 {
					pg.images = append(pg.images, *svgOpen)
					svgOpen = nil
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			var order []string
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if _, seen := attrs[string(k)]; !seen {
					order = append(order, string(k))
					attrs[string(k)] = string(v)
				}
			}
			if id, ok := attrs["id"]; ok {
				pg.ids[id] = true
			}
			if tag == "a" {
				if n, ok := attrs["name"]; ok {
					pg.ids[n] = true
				}
			}
			for _, a := range urlAttrs[tag] {
				v, ok := attrs[a]
				if !ok {
					continue
				}
				if a == "srcset" {
					for _, u := range srcsetURLs(v) {
						pg.refs = append(pg.refs, ref{line: tokLine, tag: tag, attr: a, url: u})
					}
					continue
				}
				pg.refs = append(pg.refs, ref{line: tokLine, tag: tag, attr: a, url: v})
			}

			if tt == html.StartTagToken && !voidElements[tag] {
				_, isHidden := attrs["hidden"]
				switch {
				case hidden != "" && tag == hidden:
					hiddenN++
				case hidden == "" && (isHidden || attrs["aria-hidden"] == "true"):
					hidden, hiddenN = tag, 1
					skip++
				}
			}
			if tt == html.StartTagToken {
				switch {
				case tag == "main":
					inMain++
				case skipText[tag]:
					skip++
				case inMain > 0 && (tag == "br" || textBlocks[tag]):
					block.WriteByte(' ')
				}
			}
			if tag == "br" {
				block.WriteByte(' ')
			}

			switch tag {
			case "title":
				if svgOpen == nil && tt == html.StartTagToken {
					inTitle = true
					pg.titles++
				}
			case "meta":
				if strings.EqualFold(attrs["http-equiv"], "refresh") {
					pg.redirect = true
					if u := refreshURL(attrs["content"]); u != "" {
						pg.refs = append(pg.refs, ref{line: tokLine, tag: tag, attr: "content", url: u})
					}
				}
			case "link":
				if hasToken(attrs["rel"], "stylesheet") && attrs["href"] != "" {
					pg.styles = append(pg.styles, attrs["href"])
				}
			case "script":
				if attrs["src"] != "" {
					pg.scripts = append(pg.scripts, attrs["src"])
				}
			case "img":
				_, hasAlt := attrs["alt"]
				pg.images = append(pg.images, image{line: tokLine, tag: tag, desc: describe(tag, attrs, order), ok: hasAlt})
			case "h1", "h2", "h3", "h4", "h5", "h6":
				if tt == html.StartTagToken {
					open = &heading{line: tokLine, level: int(tag[1] - '0')}
				}
			}

			if svgOpen != nil {
				if tt == html.StartTagToken && !voidElements[tag] {
					if svgDeep == 1 && tag == "title" {
						svgOpen.ok = true
					}
					svgDeep++
				}
			} else if tag == "svg" && hasToken(attrs["role"], "img") {
				named := strings.TrimSpace(attrs["aria-label"]) != "" || strings.TrimSpace(attrs["aria-labelledby"]) != ""
				im := image{line: tokLine, tag: tag, desc: describe(tag, attrs, order), ok: named}
				if tt == html.SelfClosingTagToken {
					pg.images = append(pg.images, im)
				} else {
					svgOpen, svgDeep = &im, 1
				}
			}
		}
	}
}

// describe names an element for a message: <img src="…">, or the tag with
// its first attributes.
func describe(tag string, attrs map[string]string, order []string) string {
	if src, ok := attrs["src"]; ok {
		return fmt.Sprintf("<%s src=%q>", tag, src)
	}
	var b strings.Builder
	b.WriteString("<" + tag)
	for i, k := range order {
		if i == 3 {
			b.WriteString(" …")
			break
		}
		fmt.Fprintf(&b, " %s=%q", k, attrs[k])
	}
	b.WriteString(">")
	return b.String()
}

// hasToken reports whether the space-separated list has tok in it,
// ignoring case, as rel and role are read.
func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// srcsetURLs returns the URLs of a srcset attribute: candidates are comma
// separated, each a URL and an optional descriptor.
func srcsetURLs(srcset string) []string {
	var urls []string
	for _, c := range strings.Split(srcset, ",") {
		if f := strings.Fields(c); len(f) > 0 {
			urls = append(urls, f[0])
		}
	}
	return urls
}

// refreshURL returns the URL in a meta refresh content, "0; url=/x/".
func refreshURL(content string) string {
	_, after, ok := strings.Cut(content, ";")
	if !ok {
		return ""
	}
	after = strings.TrimSpace(after)
	if len(after) < 4 || !strings.EqualFold(after[:4], "url=") {
		return ""
	}
	return strings.Trim(strings.TrimSpace(after[4:]), `"'`)
}
