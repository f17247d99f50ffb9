package prose

import (
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Doc is what a Markdown body holds for the checks: its readable text,
// its headings, links and images.
type Doc struct {
	Text     string // the text a reader reads, one block (paragraph, item, heading) a paragraph
	Headings []Heading
	Links    []string // link destinations, as written
	Images   []Image
}

// Heading is one heading of a body.
type Heading struct {
	Level int
	Text  string
}

// Image is one image of a body.
type Image struct {
	Src, Alt string
}

// markdown parses as the site's Hugo does in what matters here: CommonMark
// with tables and strikethrough.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

// ParseMarkdown reads a Markdown body. Code, raw HTML and bare addresses
// are no text to read or spell.
func ParseMarkdown(md string) Doc {
	src := []byte(md)
	root := markdown.Parser().Parse(text.NewReader(src))
	var d Doc
	var blocks []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			blocks = append(blocks, s)
		}
		cur.Reset()
	}
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.CodeSpan, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Heading:
			if entering {
				flush()
				d.Headings = append(d.Headings, Heading{Level: n.Level, Text: plain(n, src)})
			} else {
				flush()
			}
		case *ast.Paragraph, *ast.TextBlock, *ast.ListItem, *ast.Blockquote:
			flush()
		case *ast.Link:
			if entering {
				d.Links = append(d.Links, string(n.Destination))
			}
		case *ast.Image:
			if entering {
				d.Images = append(d.Images, Image{Src: string(n.Destination), Alt: plain(n, src)})
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				cur.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					cur.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				cur.Write(n.Value)
			}
		}
		if n.Kind().String() == "TableCell" && !entering {
			cur.WriteByte(' ')
		}
		return ast.WalkContinue, nil
	})
	flush()
	d.Text = strings.Join(blocks, "\n\n")
	return d
}

// plain is the text of a node's children, without markup.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch c := c.(type) {
			case *ast.Text:
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
