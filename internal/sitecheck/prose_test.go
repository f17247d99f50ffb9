package sitecheck

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
)

// TestProse: the text inside <main> is spelled and measured, the menu
// and code are not, and what is found is information, never a failure.
func TestProse(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><html lang="nb"><head><title>x</title></head><body><nav>Menyy</nav><main><h1>Om Bufetat</h1>
<p>Dette er en feiil i teksten.<br>Ny linje.</p><div hidden data-search-fold><div>okonomiske</div> a nar</div><span aria-hidden="true">nar</span><pre><code>kodeqq</code></pre><ul><li>Punkt én</li><li>Punkt to</li></ul></main></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := readSite(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Om Bufetat", "Dette er en feiil i teksten. Ny linje.", "Punkt én", "Punkt to"}; !slices.Equal(s.pages[0].text, want) {
		t.Errorf("text %q; want %q", s.pages[0].text, want)
	}
	res := checkProse(s, Options{Words: prose.NewWordList([]string{"Bufetat"}), RequireTools: os.Getenv("CI") == "true"})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if len(res.Problems) > 0 {
		t.Errorf("problems %v; want information only", res.Problems)
	}
	if res.Skipped != "" {
		if _, err := prose.NewChecker(); !errors.Is(err, prose.ErrNoDictionary) {
			t.Errorf("skipped (%s) with a dictionary", res.Skipped)
		}
		return
	}
	notes := strings.Join(res.Notes, "\n")
	if res.Found != 1 || !strings.Contains(notes, "1 words neither") || !strings.Contains(notes, "  feiil (/)") || strings.Contains(notes, "Menyy") || strings.Contains(notes, "kodeqq") {
		t.Errorf("notes:\n%s\nwant feiil on / and nothing else", notes)
	}
}
