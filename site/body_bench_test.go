package site_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// worstBodies are bodies of the maximum length that content.CheckBody
// lets through, each as close as it allows to what made Goldmark slow:
// quotes and lists nested as deep as allowed on every line, paragraphs
// with as many emphasis, code, link or quotation marks as allowed, long
// tables, as many headings of one text as allowed.
func worstBodies() map[string]string {
	fill := func(unit string) string {
		s := strings.Repeat(unit, content.MaxBody/len(unit)+1)
		return s[:content.MaxBody-1]
	}
	paragraphs := func(unit string, marksPerUnit int) string {
		return fill(strings.Repeat(unit, content.MaxMarks/marksPerUnit) + "\n\n")
	}
	return map[string]string{
		"plain text":      fill("Vanlig tekst uten formatering. "),
		"nested quotes":   fill(strings.Repeat(">", content.MaxNesting) + " x\n"),
		"nested lists":    fill(strings.Repeat("- ", content.MaxNesting) + "x\n"),
		"quotes in lists": fill(strings.Repeat("> 1. ", content.MaxNesting/2) + "x\n"),
		"emphasis":        paragraphs("*a", 1),
		"underscores":     paragraphs("_a", 1),
		"strike-through":  paragraphs("~~a", 2),
		"code":            paragraphs("`a", 1),
		"open links":      paragraphs("[a](", 2),
		"brackets":        paragraphs("[", 1),
		"quotation marks": paragraphs(`"`, 1),
		"apostrophes":     paragraphs("a'", 1),
		"table":           ("|a|b|\n|-|-|\n" + fill("|x|y|\n"))[:content.MaxBody-1],
		"same headings":   (strings.Repeat("# Samme\n", content.MaxHeadings) + fill("Vanlig tekst uten formatering. "))[:content.MaxBody-1],
		"same setext":     (strings.Repeat("Samme\n=\n\n", content.MaxHeadings) + fill("Vanlig tekst uten formatering. "))[:content.MaxBody-1],
	}
}

// BenchmarkWorstBody builds a site of one page with each of worstBodies;
// the target is two seconds a page.
func BenchmarkWorstBody(b *testing.B) {
	for name, body := range worstBodies() {
		body = content.NormalizeBody(body)
		if err := content.CheckBody(body); err != nil {
			b.Fatalf("%s: %v; the benchmark must measure a body that saves", name, err)
		}
		b.Run(name, func(b *testing.B) {
			dir := filepath.Join(b.TempDir(), "content")
			tree := &content.Tree{Projects: []content.Project{{Slug: "x", Title: "X", Year: 2026, Body: body}}}
			if err := tree.Write(dir); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				opts := site.Options{ContentDir: dir, OutDir: filepath.Join(b.TempDir(), "public"), Clock: func() time.Time { return time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) }}
				if _, err := site.Build(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
