package main_test

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestBuildPDF: ssu build --pdf keeps a PDF of every report beside it in
// the content tree and links it from the report page; a second build
// leaves every file as it was, and the PDFs survive import and export.
func TestBuildPDF(t *testing.T) {
	files, err := atomicdir.ReadFiles(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "content")
	if _, err := atomicdir.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(t.TempDir(), "public")
	build := []string{"build", "--pdf", "--dir", t.TempDir(), "--content", dir, "--out", public}
	out := mustRun(t, build...)
	if strings.Contains(out, "Lager ikke PDF") {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true: the PDF tests must run:\n%s", out)
		}
		t.Skip(out)
	}

	first, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := content.Read(contenttest.SeedDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tree.Reports {
		doc := r.DocumentLocation()
		if !bytes.HasPrefix(first[doc.File], []byte("%PDF-")) {
			t.Errorf("the content tree has no PDF at %s", doc.File)
		}
		built, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(doc.URL)))
		if err != nil || !bytes.Equal(built, first[doc.File]) {
			t.Errorf("the site does not publish %s as kept in the content tree (%v)", doc.URL, err)
		}
		page, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(r.Location().URL), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(page, []byte("href="+doc.URL)) && !bytes.Contains(page, []byte(`href="`+doc.URL+`"`)) {
			t.Errorf("%s does not link %s", r.Location().URL, path.Base(doc.URL))
		}
		if size := fmt.Sprintf("(PDF, %d kB)", (len(first[doc.File])+999)/1000); !bytes.Contains(page, []byte(size)) {
			t.Errorf("%s does not give the PDF's size, %s", r.Location().URL, size)
		}
	}

	mustRun(t, build...)
	second, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if missing, differ, extra := contenttest.Diff(second, first); len(missing)+len(differ)+len(extra) > 0 {
		t.Errorf("a second build --pdf changed the content tree: missing %q, different %q, extra %q", missing, differ, extra)
	}

	data := t.TempDir()
	mustRun(t, "import", "--dir", data, "--content", dir)
	exported := filepath.Join(t.TempDir(), "content")
	mustRun(t, "export", "--dir", data, "--content", exported)
	again, err := atomicdir.ReadFiles(exported)
	if err != nil {
		t.Fatal(err)
	}
	if missing, differ, extra := contenttest.Diff(again, first); len(missing)+len(differ)+len(extra) > 0 {
		t.Errorf("import and export of the tree with its PDFs: missing %q, different %q, extra %q", missing, differ, extra)
	}
}
