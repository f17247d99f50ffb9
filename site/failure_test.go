package site_test

import (
	"context"
	"crypto/sha256"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// treeSums is every path under dir: "dir" for a directory, the SHA-256 of
// the bytes for a file.
func treeSums(t *testing.T, dir string) map[string]string {
	t.Helper()
	sums := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			sums[rel] = "dir"
			return nil
		}
		data, err := os.ReadFile(p)
		sum := sha256.Sum256(data)
		sums[rel] = string(sum[:])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums
}

// TestTemplateErrorKeepsPreviousSite makes Hugo fail while it executes the
// templates, after a good build: an image that is not one (the image
// partial cannot read its size) and a call of a shortcode with no
// template. Each build fails with Hugo's error, and the previous site,
// every file of it, and the content tree stay as they were, with nothing
// left beside the site.
func TestTemplateErrorKeepsPreviousSite(t *testing.T) {
	for _, c := range []struct {
		name, file string
		data       []byte
		err        string // in the build's error
	}{
		{
			name: "image that does not decode",
			file: "prosjekter/odelagt/bilde.png",
			data: append([]byte("\x89PNG\r\n\x1a\n"), strings.Repeat("ikke et bilde ", 50)...),
			err:  "execute of template failed",
		},
		{
			name: "shortcode without a template",
			file: "prosjekter/kortkode.md",
			data: []byte("+++\ntitle = \"Kortkode\"\naar = 2031\nweight = 1\n+++\n{{< finnes-ikke >}}\n"),
			err:  `template for shortcode "finnes-ikke" not found`,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := writeTree(t, contenttest.EdgeCases())
			out := build(t, dir)
			before := treeSums(t, out)

			full := filepath.Join(dir, filepath.FromSlash(c.file))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(c.file, ".png") {
				index := "+++\ntitle = \"Ødelagt bilde\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\nbilde_alt = \"Et bilde\"\n+++\nTekst.\n"
				if err := os.WriteFile(filepath.Join(filepath.Dir(full), "index.md"), []byte(index), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			contentBefore := treeSums(t, dir)

			_, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: someDay})
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("build = %v; want Hugo's error naming %q", err, c.err)
			}
			if !maps.Equal(treeSums(t, out), before) {
				t.Error("the previous site changed after a failed build")
			}
			if !maps.Equal(treeSums(t, dir), contentBefore) {
				t.Error("the failed build changed the content tree")
			}
			entries, err := os.ReadDir(filepath.Dir(out))
			if err != nil || len(entries) != 1 {
				t.Errorf("%d entries beside the site after a failed build (%v); want none", len(entries)-1, err)
			}
		})
	}
}
