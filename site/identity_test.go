package site_test

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// organisation is params.organisation of hugo.toml, as the tests read it.
func organisation(t *testing.T) map[string]string {
	t.Helper()
	var cfg struct {
		Params struct {
			AccessibilityStatement string            `toml:"accessibilityStatement"`
			Organisation           map[string]string `toml:"organisation"`
		} `toml:"params"`
	}
	if _, err := toml.DecodeFile("hugo.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	org := cfg.Params.Organisation
	org["accessibilityStatement"] = cfg.Params.AccessibilityStatement
	return org
}

// TestIdentity: every page's header has the organisation's mark and
// name, its footer the owner, e-mail, address, the accessibility
// statement and the day the site was built, all from the configuration;
// og:image is the sharing card, a 1200 × 630 PNG in the site; a long page
// ends with "Til toppen" to the header, a short one does not.
func TestIdentity(t *testing.T) {
	org := organisation(t)
	out := build(t, writeTree(t, contenttest.EdgeCases()))
	for _, path := range []string{"", "prosjekter/tomt", "arsrapporter/2031"} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(path), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		header, footer := string(data), string(data)
		if _, after, ok := strings.Cut(footer, "<footer"); ok {
			footer = after
		}
		for _, want := range []string{`src=/` + org["logo"], `id=topp`} {
			if !strings.Contains(header, want) {
				t.Errorf("/%s: the header has no %s", path, want)
			}
		}
		for _, want := range []string{org["owner"], "mailto:" + org["email"], org["address"], `href=` + org["accessibilityStatement"], "Sist oppdatert: <time datetime=2026-03-02>2. mars 2026</time>"} {
			if !strings.Contains(footer, want) {
				t.Errorf("/%s: the footer has no %s", path, want)
			}
		}
		card := regexp.MustCompile(`<meta property="?og:image"? content="?([^">\s]+)`).FindStringSubmatch(string(data))
		if card == nil || !strings.HasSuffix(card[1], "/"+org["ogImage"]) || !strings.HasPrefix(card[1], "https://") {
			t.Errorf("/%s: og:image %q; want the absolute address of %s", path, card, org["ogImage"])
		}
	}
	img, err := os.ReadFile(filepath.Join(out, org["ogImage"]))
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	if err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("sharing card: %v, %d × %d; want a 1200 × 630 PNG", err, cfg.Width, cfg.Height)
	}
	toTop := "Til toppen"
	if long := page(t, out, "arsrapporter/2031"); !strings.Contains(long, toTop) {
		t.Errorf("the whole report has no %q", toTop)
	}
	if long := page(t, out, "arsrapporter/2031/lang"); !strings.Contains(long, toTop) {
		t.Errorf("a page with a long text has no %q", toTop)
	}
	if short := mainText(t, out, "prosjekter/tomt"); strings.Contains(short, toTop) {
		t.Errorf("a short page has %q:\n%s", toTop, short)
	}
}
