package content

import (
	"bytes"
	"fmt"
	"path"
	"strconv"

	"github.com/BurntSushi/toml"
)

// Files renders the tree as file paths (slash-separated, relative to
// content/) and their bytes. Same tree, same bytes.
func (t *Tree) Files() (map[string][]byte, error) {
	files := map[string][]byte{}
	var add func(p string, fm any, body string) error
	// page writes dir/key.md, or the leaf bundle dir/key/index.md with the
	// image beside it.
	page := func(dir, key string, fm any, body string, img Image) error {
		if img.Name != "" {
			files[path.Join(dir, key, img.Name)] = img.Data
		}
		return add(pagePath(dir, key, img), fm, body)
	}
	add = func(p string, fm any, body string) error {
		data, err := encodeFile(fm, body)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if _, dup := files[p]; dup {
			return fmt.Errorf("%s: written twice", p)
		}
		files[p] = data
		return nil
	}

	for _, term := range t.Terms {
		if err := add(path.Join(term.Taxonomy, term.Slug, indexFile), term, term.Body); err != nil {
			return nil, err
		}
	}
	for _, r := range t.Reports {
		dir := path.Join(ReportsDir, strconv.Itoa(r.Year))
		if err := add(path.Join(dir, indexFile), r, r.Body); err != nil {
			return nil, err
		}
		if r.PDF != "" {
			files[path.Join(dir, r.PDF)] = r.PDFData
		}
		for _, s := range r.Sections {
			if err := page(dir, s.Slug, s, s.Body, s.Image); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range t.Projects {
		if err := page(ProjectsDir, p.Slug, p, p.Body, p.Image); err != nil {
			return nil, err
		}
	}
	for _, m := range t.Meetings {
		if err := page(MeetingsDir, strconv.Itoa(m.Year), m, m.Body, m.Image); err != nil {
			return nil, err
		}
	}
	for _, c := range t.Committees {
		dir := path.Join(CommitteesDir, c.Slug)
		if err := add(path.Join(dir, indexFile), c, c.Body); err != nil {
			return nil, err
		}
		for _, s := range c.Statuses {
			if err := add(path.Join(dir, strconv.Itoa(s.Year)+".md"), s, s.Body); err != nil {
				return nil, err
			}
		}
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
