package content

import (
	"bytes"
	"fmt"

	"github.com/BurntSushi/toml"
)

// Files renders the tree as file paths (slash-separated, relative to
// content/) and their bytes: each page at its Location, with its image or
// PDFs beside it. Same tree, same bytes.
func (t *Tree) Files() (map[string][]byte, error) {
	return t.files(func(page Page) ([]byte, error) { return encodeFile(page.FrontMatter, page.Body) })
}

// files is Files with each page's file made by encode.
func (t *Tree) files(encode func(Page) ([]byte, error)) (map[string][]byte, error) {
	files := map[string][]byte{}
	for page := range t.Pages() {
		if page.Image.Name != "" {
			files[page.ImageFile()] = page.Image.Data
		}
		if page.PDF.File != "" {
			files[page.PDF.File] = page.PDFData
		}
		if page.Document.File != "" {
			files[page.Document.File] = page.DocumentData
		}
		data, err := encode(page)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", page.File, err)
		}
		if _, dup := files[page.File]; dup {
			return nil, fmt.Errorf("%s: written twice", page.File)
		}
		files[page.File] = data
	}
	return files, nil
}

// encodeFile writes front matter with the TOML encoder, then the body with
// shortcode syntax neutralised. A blank line separates the two.
func encodeFile(frontMatter any, body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(delimiter)
	if err := toml.NewEncoder(&b).Encode(frontMatter); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	b.WriteString(delimiter)
	if body = NormalizeBody(body); body != "" {
		b.WriteString("\n")
		b.WriteString(EscapeShortcodes(body))
	}
	return b.Bytes(), nil
}
