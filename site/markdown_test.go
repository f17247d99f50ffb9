package site_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// attribute finds an event handler or style attribute in HTML (a value
// such as class="language-{onload=x}" is text, not an attribute).
var attribute = regexp.MustCompile(`<[^>]*\s(on[a-z]+|style)=[^>]*>`)

// TestCodeFencesWithAttributes builds code fences whose info string holds
// what Hugo's highlighter would read as attributes: each must show as
// plain code, and none may add an attribute to the page.
func TestCodeFencesWithAttributes(t *testing.T) {
	scenarios := []struct{ body, code string }{
		{"```{r}\nx <- 1\n```\n", "x &lt;- 1"},
		{"```go {a=b(c)}\nfmt.Println()\n```\n", "fmt.Println()"},
		{"~~~ {onload=x}\nlast\n~~~\n", "last"},
		{"```go {linenos=true hl_lines=[2]}\nlinjer\n```\n", "linjer"},
		{"```html {.klasse #id onclick=\"alert(1)\"}\n<b>fet</b>\n```\n", "&lt;b&gt;fet&lt;/b&gt;"},
	}
	tree := &content.Tree{}
	for i, s := range scenarios {
		tree.Projects = append(tree.Projects, content.Project{Slug: "p" + string(rune('a'+i)), Title: "P", Year: 2030, Body: s.body})
	}
	out := build(t, writeTree(t, tree))
	for i, s := range scenarios {
		data, err := os.ReadFile(filepath.Join(out, "prosjekter", "p"+string(rune('a'+i)), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		html := string(data)
		if !strings.Contains(html, "<pre><code") || !strings.Contains(html, s.code) {
			t.Errorf("%q: page does not show %q as code", s.body, s.code)
		}
		if bad := attribute.FindString(html); bad != "" {
			t.Errorf("%q: page has the attribute %s", s.body, bad)
		}
	}
}

// TestSourceLinks: a report's sources link to web, mail and phone
// addresses as stored (parentheses escaped); html/template would disarm a
// tel: address.
func TestSourceLinks(t *testing.T) {
	links := []content.Link{
		{Title: "Nett", URL: "https://example.org/a?b=c&d=e"},
		{Title: "E-post", URL: "mailto:post@example.org"},
		{Title: "Telefon", URL: "tel:+47(22)33-44.55"},
	}
	tree := &content.Tree{Reports: []content.Report{{Title: "Rapport", Year: 2031, Links: links}}}
	out := build(t, writeTree(t, tree))
	data, err := os.ReadFile(filepath.Join(out, "arsrapporter", "2031", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`https://example.org/a?b=c&amp;d=e">Nett<`, `mailto:post@example.org>E-post<`, `tel:+47%2822%2933-44.55>Telefon<`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the report page has no %s", want)
		}
	}
}
