package site_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gohugoio/hugo/common/hugio"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/testconfig"
	"github.com/gohugoio/hugo/markup/converter"
	"github.com/gohugoio/hugo/markup/converter/hooks"
	"github.com/gohugoio/hugo/markup/goldmark"
	"github.com/gohugoio/hugo/markup/highlight"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// fuzzBodySize is the length of the bodies FuzzRenderBody renders: a
// repeated construction shows its cost long before the 100,000 characters
// a body may have.
const fuzzBodySize = 64 << 10

// slowRender is the time no body that content.CheckBody lets through may
// take to render, far above the few milliseconds plain text of
// fuzzBodySize takes, so that a loaded machine does not fail the test.
const slowRender = time.Second

// newBodyRenderer returns a function that renders Markdown with Hugo's
// Goldmark converter configured by the site's own hugo.toml: the parser,
// extensions and renderer options a page body goes through in a build,
// without the templates around it.
func newBodyRenderer(t testing.TB) func(body string) {
	t.Helper()
	toml, err := os.ReadFile("hugo.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.FromConfigString(string(toml), "toml")
	if err != nil {
		t.Fatal(err)
	}
	provider, err := goldmark.Provider.New(converter.ProviderConfig{Conf: testconfig.GetTestConfig(nil, cfg), Logger: loggers.NewDefault()})
	if err != nil {
		t.Fatal(err)
	}
	// The render hooks a build has as templates (the site's and Hugo's
	// embedded ones): Goldmark's own renderers, except for the two Hugo
	// gives no default for outside a build.
	highlighter := highlight.New(converter.ProviderConfig{Conf: testconfig.GetTestConfig(nil, cfg)}.MarkupConfig().Highlight)
	renderer := func(kind hooks.RendererType, _ any) any {
		switch kind {
		case hooks.CodeBlockRendererType:
			return highlighter
		case hooks.TableRendererType:
			return tableCells{}
		}
		return nil
	}
	return func(body string) {
		conv, err := provider.New(converter.DocumentContext{DocumentID: "fuzz"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conv.Convert(converter.RenderContext{Src: []byte(body), GetRenderer: renderer}); err != nil {
			t.Fatalf("render %q…: %v", body[:min(len(body), 80)], err)
		}
	}
}

// tableCells renders a table as Hugo's embedded table hook does, a cell
// at a time.
type tableCells struct{}

func (tableCells) RenderTable(_ context.Context, w hugio.FlexiWriter, table hooks.TableContext) error {
	for _, row := range slices.Concat(table.THead(), table.TBody()) {
		for _, cell := range row {
			if _, err := fmt.Fprintf(w, "<td style=%q>%s</td>", cell.Alignment, cell.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// FuzzRenderBody renders each body content.CheckBody accepts and fails
// when one takes longer than slowRender: what made Goldmark slow so far
// (nested quotes, unclosed marks; quotation marks and headings of one
// text, which this found) was a short construction repeated
// thousands of times, so the body is head followed by unit repeated up to
// fuzzBodySize, and the fuzzer varies the construction rather than
// having to grow 64 KiB inputs itself.
func FuzzRenderBody(f *testing.F) {
	for name, body := range worstBodies() {
		// The repeated unit of each worst body: its first line or paragraph.
		unit, _, _ := strings.Cut(body, "\n")
		if name == "table" {
			unit = "|x|y|\n"
		}
		f.Add("", unit+"\n")
		f.Add(body[:min(len(body), fuzzBodySize-1)], "")
	}
	for _, unit := range []string{">", "- ", "1. ", "* ", "[", "](", "<", "![", "**", "~~", "`", "\\", "&amp;", "|", "    ", "\t", "[a]: ", "<a", "_", "${", "[^1]", "* * *\n", "# 0\n", "0\n=\n\n"} {
		f.Add("", unit)
	}
	render := newBodyRenderer(f)
	timed := func(body string) time.Duration {
		start := time.Now()
		render(body)
		return time.Since(start)
	}
	fuzzing := flag.Lookup("test.fuzz").Value.String() != ""
	f.Fuzz(func(t *testing.T, head, unit string) {
		if !utf8.ValidString(head + unit) {
			return // refused at save: never rendered
		}
		body := fuzzBody(head, unit, fuzzBodySize)
		if content.CheckBody(body) != nil {
			return // refused at save: never rendered
		}
		took := timed(body)
		if took <= slowRender {
			return
		}
		// While fuzzing, Go's coverage instrumentation makes Goldmark many
		// times slower: a slow body is a finding only if its cost grows
		// faster than its length (what made Goldmark slow so far grew with
		// the square), that is if a quarter of it takes less than an eighth
		// of the time. The seed corpus, run uninstrumented by go test,
		// keeps the plain bound.
		if fuzzing && took < 8*timed(fuzzBody(head, unit, fuzzBodySize/4)) {
			return
		}
		t.Errorf("a body content.CheckBody accepts (%d bytes, head %q, unit %q) took %v to render; want at most %v", len(body), head[:min(len(head), 80)], unit[:min(len(unit), 80)], took.Round(time.Millisecond), slowRender)
	})
}

// fuzzBody is head followed by unit repeated up to size bytes, in the one
// form bodies are stored in.
func fuzzBody(head, unit string, size int) string {
	body := head
	if unit != "" && len(body) < size {
		body += strings.Repeat(unit, (size-len(body))/len(unit)+1)
	}
	// Cut to size, dropping a character cut in two: a body that is not
	// UTF-8 is refused at save. NormalizeBody may add a final newline.
	return content.NormalizeBody(strings.ToValidUTF8(body[:min(len(body), size-1)], ""))
}
