package content

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

// Directories under content/ that the exporter owns.
const (
	ReportsDir    = "arsrapporter"
	ProjectsDir   = "prosjekter"
	MeetingsDir   = "partnerskapsmoter"
	CommitteesDir = "faglige-samarbeidsutvalg"
	indexFile     = "_index.md"
	bundleIndex   = "index.md"
)

// PDFName is the file name a report's original PDF gets in its bundle.
func PDFName(year int) string { return fmt.Sprintf("arsrapport-%d.pdf", year) }

// pagePath is where a page is written: dir/key.md, or the leaf bundle
// dir/key/index.md when it has an image.
func pagePath(dir, key string, img Image) string {
	if img.Name == "" {
		return path.Join(dir, key+".md")
	}
	return path.Join(dir, key, bundleIndex)
}

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

// Write replaces dir with the tree in one step: files of records that are
// gone disappear, and a failure leaves the previous dir whole.
func (t *Tree) Write(dir string) error {
	_, err := t.Update(dir)
	return err
}

// Update is Write that also says which files it changed.
func (t *Tree) Update(dir string) (Changes, error) {
	if err := t.Validate(); err != nil {
		return Changes{}, err
	}
	files, err := t.Files()
	if err != nil {
		return Changes{}, err
	}
	return writeFiles(dir, files)
}

// Sync is Update for a directory that only its writer reads, such as the
// preview's: last holds the files the previous Sync left there (nil for
// none), and only the files that differ are written or removed, in place,
// with no read of the old tree and no swap. It returns the files now in
// dir, for the next Sync; after an error, dir must be synced from nil.
func (t *Tree) Sync(dir string, last map[string][]byte) (Changes, map[string][]byte, error) {
	if err := t.Validate(); err != nil {
		return Changes{}, nil, err
	}
	files, err := t.Files()
	if err != nil {
		return Changes{}, nil, err
	}
	if last == nil {
		changes, err := writeFiles(dir, files)
		return changes, files, err
	}
	changes := Changes{Before: map[string][]byte{}}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		old, existed := last[p]
		if existed && bytes.Equal(old, files[p]) {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return Changes{}, nil, err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return Changes{}, nil, fmt.Errorf("write %s: %w", p, err)
		}
		if existed {
			changes.Written = append(changes.Written, p)
			changes.Before[p] = old
		} else {
			changes.Created = append(changes.Created, p)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(last)) {
		if _, ok := files[p]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Changes{}, nil, err
		}
		changes.Removed = append(changes.Removed, p)
	}
	return changes, files, nil
}

// Changes are the files a write changed, relative to its directory and
// slash-separated: Created are new, Written have new bytes (Before holds
// their old bytes), Removed are gone.
type Changes struct {
	Created, Written, Removed []string
	Before                    map[string][]byte
}

// WriteFiles replaces dir with exactly these files (paths relative to dir,
// slash-separated) in one step.
func WriteFiles(dir string, files map[string][]byte) error {
	_, err := writeFiles(dir, files)
	return err
}

// writeFiles is WriteFiles. A file whose bytes are already in dir is
// hard-linked into the new tree instead of written again: creating a file
// costs this disk about ten times what reading one and linking it does,
// and an unchanged file keeps its modification time. The files are
// written by a few goroutines, since the time goes to system calls.
func writeFiles(dir string, files map[string][]byte) (Changes, error) {
	var changes Changes
	err := atomicdir.Replace(dir, func(tmp string) error {
		dirs := map[string]bool{}
		for p := range files {
			dirs[path.Dir(p)] = true
		}
		for d := range dirs {
			if err := os.MkdirAll(filepath.Join(tmp, filepath.FromSlash(d)), 0o755); err != nil {
				return err
			}
		}
		paths := make(chan string)
		errs := make([]error, writers)
		created := make([][]string, writers)
		written := make([][]string, writers)
		before := make([]map[string][]byte, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for p := range paths {
					if errs[w] != nil {
						continue
					}
					var what change
					var old []byte
					what, old, errs[w] = writeFile(dir, tmp, p, files[p])
					switch what {
					case fileCreated:
						created[w] = append(created[w], p)
					case fileWritten:
						written[w] = append(written[w], p)
						if before[w] == nil {
							before[w] = map[string][]byte{}
						}
						before[w][p] = old
					}
				}
			})
		}
		for p := range files {
			paths <- p
		}
		close(paths)
		wg.Wait()
		changes.Created = slices.Sorted(slices.Values(slices.Concat(created...)))
		changes.Written = slices.Sorted(slices.Values(slices.Concat(written...)))
		changes.Before = map[string][]byte{}
		for _, b := range before {
			maps.Copy(changes.Before, b)
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		var err error
		changes.Removed, err = removedFiles(dir, files)
		return err
	})
	if err != nil {
		return Changes{}, err
	}
	return changes, nil
}

// writers is how many goroutines write files.
const writers = 4

// change is what writeFile did to a file.
type change int

const (
	fileKept change = iota
	fileCreated
	fileWritten
)

// writeFile puts one file into the new tree tmp, linking the one in the
// old tree dir if it has the same bytes. For a file it wrote over another,
// it returns the other's bytes.
func writeFile(dir, tmp, p string, data []byte) (change, []byte, error) {
	rel := filepath.FromSlash(p)
	oldPath, full := filepath.Join(dir, rel), filepath.Join(tmp, rel)
	old, existed := readRegular(oldPath)
	if old != nil && bytes.Equal(old, data) && os.Link(oldPath, full) == nil {
		return fileKept, nil, nil
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return fileKept, nil, fmt.Errorf("write %s: %w", p, err)
	}
	if existed {
		return fileWritten, old, nil
	}
	return fileCreated, nil, nil
}

// removedFiles lists the files in dir, the tree about to be replaced, that
// files has not.
func removedFiles(dir string, files map[string][]byte) ([]string, error) {
	var removed []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if p == dir && errors.Is(err, fs.ErrNotExist) {
			return fs.SkipAll // the first write
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			removed = append(removed, filepath.ToSlash(rel))
		}
		return nil
	})
	return removed, err
}

// readRegular reads the regular file at path, and says whether there is
// anything at path at all. Only a regular file that was read gives bytes
// (never nil, so that an empty file compares equal to empty data).
func readRegular(path string) ([]byte, bool) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, false
	}
	if !info.Mode().IsRegular() {
		return nil, true
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, true
	}
	if data == nil {
		data = []byte{}
	}
	return data, true
}

// Read loads the content tree in dir. Every file must be one the exporter
// writes; the errors of all files are returned together.
func Read(dir string) (*Tree, error) {
	files, err := ReadFiles(dir)
	if err != nil {
		return nil, err
	}
	return Parse(files)
}

// ReadFiles reads every file under dir, keyed by its slash-separated path
// relative to dir.
func ReadFiles(dir string) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = data
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read content directory %s: %w", dir, err)
	}
	return files, nil
}

// Parse builds a tree from file paths (relative to content/) and bytes.
func Parse(files map[string][]byte) (*Tree, error) {
	p := parser{tree: &Tree{}, files: files, frontMatter: map[string]string{}, used: map[string]bool{}}
	paths := make([]string, 0, len(files))
	for name := range files {
		paths = append(paths, name)
	}
	slices.Sort(paths)

	// Reports and committees first, so that their children find them.
	for _, name := range paths {
		parts := strings.Split(name, "/")
		if len(parts) == 3 && parts[2] == indexFile {
			p.parseIndex(name, parts)
		}
	}
	for _, name := range paths {
		parts := strings.Split(name, "/")
		switch {
		case len(parts) == 3 && parts[2] == indexFile:
		case p.isResource(name):
			// An image, read with the page of its bundle.
		case len(parts) >= 2 && parts[len(parts)-1] == bundleIndex:
			// A leaf bundle reads as the page it holds: x/index.md is x.md.
			leaf := append(slices.Clone(parts[:len(parts)-2]), parts[len(parts)-2]+".md")
			p.parseLeaf(name, leaf)
		default:
			p.parseLeaf(name, parts)
		}
	}
	for _, name := range paths {
		if p.isResource(name) && !p.used[name] {
			p.fail(name, 0, "bildet hører ikke til noen side: sidens forside nevner det ikke")
		}
	}
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	p.tree.sort()
	if err := p.tree.validate(p.frontMatter); err != nil {
		return nil, err
	}
	return p.tree, nil
}

type parser struct {
	tree        *Tree
	files       map[string][]byte
	frontMatter map[string]string // path → file text, for error lines
	used        map[string]bool   // resources a page has claimed
	errs        []error
}

// isResource reports whether name is a file beside a leaf bundle's
// index.md, such as its image.
func (p *parser) isResource(name string) bool {
	if path.Base(name) == bundleIndex {
		return false
	}
	_, isBundle := p.files[path.Join(path.Dir(name), bundleIndex)]
	return isBundle
}

// image attaches the image named in a page's front matter. Only a leaf
// bundle (…/index.md) can hold one.
func (p *parser) image(name string, img *Image) bool {
	if img.Name == "" {
		return true
	}
	if path.Base(name) != bundleIndex {
		p.fail(name, fileKeyLine(p.frontMatter[name], "bilde"), "en side med bilde må ligge i en egen mappe som index.md")
		return false
	}
	file := path.Join(path.Dir(name), img.Name)
	data, ok := p.files[file]
	if !ok {
		p.fail(name, fileKeyLine(p.frontMatter[name], "bilde"), "bildet %s finnes ikke i mappen", img.Name)
		return false
	}
	p.used[file] = true
	img.Data = data
	return true
}

func (p *parser) fail(name string, line int, format string, args ...any) {
	p.errs = append(p.errs, &FileError{Path: name, Line: line, Reason: fmt.Sprintf(format, args...)})
}

func (p *parser) decode(name string, fm any) (string, bool) {
	body, err := decodeFile(name, p.files[name], fm)
	if err != nil {
		p.errs = append(p.errs, err)
		return "", false
	}
	p.frontMatter[name] = string(p.files[name])
	return body, true
}

// parseIndex reads <dir>/<key>/_index.md: a report, a committee or a term.
func (p *parser) parseIndex(name string, parts []string) {
	dir, key := parts[0], parts[1]
	switch {
	case dir == ReportsDir:
		year, ok := p.year(name, key)
		if !ok {
			return
		}
		r := Report{}
		body, ok := p.decode(name, &r)
		if !ok {
			return
		}
		if r.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med mappen %s", r.Year, key)
			return
		}
		r.Body = body
		p.tree.Reports = append(p.tree.Reports, r)
	case dir == CommitteesDir:
		if !p.slug(name, key) {
			return
		}
		c := Committee{Slug: key}
		body, ok := p.decode(name, &c)
		if !ok {
			return
		}
		c.Body = body
		p.tree.Committees = append(p.tree.Committees, c)
	case slices.Contains(Taxonomies, dir):
		if !p.slug(name, key) {
			return
		}
		term := Term{Taxonomy: dir, Slug: key}
		body, ok := p.decode(name, &term)
		if !ok {
			return
		}
		term.Body = body
		p.tree.Terms = append(p.tree.Terms, term)
	default:
		p.fail(name, 0, "ukjent fil: eksporten skriver ingen slik fil")
	}
}

// parseLeaf reads every file that is not a bundle's _index.md.
func (p *parser) parseLeaf(name string, parts []string) {
	switch {
	case len(parts) == 2 && parts[0] == ProjectsDir && strings.HasSuffix(parts[1], ".md"):
		slug := strings.TrimSuffix(parts[1], ".md")
		if !p.slug(name, slug) {
			return
		}
		pr := Project{Slug: slug}
		body, ok := p.decode(name, &pr)
		if !ok || !p.image(name, &pr.Image) {
			return
		}
		pr.Body = body
		p.tree.Projects = append(p.tree.Projects, pr)

	case len(parts) == 2 && parts[0] == MeetingsDir && strings.HasSuffix(parts[1], ".md"):
		year, ok := p.year(name, strings.TrimSuffix(parts[1], ".md"))
		if !ok {
			return
		}
		m := Meeting{}
		body, ok := p.decode(name, &m)
		if !ok || !p.image(name, &m.Image) {
			return
		}
		if m.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med filnavnet", m.Year)
			return
		}
		m.Body = body
		p.tree.Meetings = append(p.tree.Meetings, m)

	case len(parts) == 3 && parts[0] == ReportsDir:
		r := p.report(name, parts[1])
		if r == nil {
			return
		}
		if parts[2] == PDFName(r.Year) {
			if r.PDF != parts[2] {
				p.fail(name, 0, "PDF-filen er ikke nevnt i rapportens forside (pdf = %q)", parts[2])
				return
			}
			r.PDFData = p.files[name]
			return
		}
		slug, isMarkdown := strings.CutSuffix(parts[2], ".md")
		if !isMarkdown {
			p.fail(name, 0, "ukjent fil i rapportmappen: bare delene (.md) og %s hører hjemme her", PDFName(r.Year))
			return
		}
		if !p.slug(name, slug) {
			return
		}
		s := Section{Slug: slug}
		body, ok := p.decode(name, &s)
		if !ok || !p.image(name, &s.Image) {
			return
		}
		s.Body = body
		r.Sections = append(r.Sections, s)

	case len(parts) == 3 && parts[0] == CommitteesDir && strings.HasSuffix(parts[2], ".md"):
		var c *Committee
		for i := range p.tree.Committees {
			if p.tree.Committees[i].Slug == parts[1] {
				c = &p.tree.Committees[i]
			}
		}
		if c == nil {
			p.fail(name, 0, "utvalgsmappen mangler %s", indexFile)
			return
		}
		year, ok := p.year(name, strings.TrimSuffix(parts[2], ".md"))
		if !ok {
			return
		}
		s := CommitteeStatus{}
		body, ok := p.decode(name, &s)
		if !ok {
			return
		}
		if s.Year != year {
			p.fail(name, fileKeyLine(p.frontMatter[name], "aar"), "aar = %d stemmer ikke med filnavnet", s.Year)
			return
		}
		s.Body = body
		c.Statuses = append(c.Statuses, s)

	default:
		p.fail(name, 0, "ukjent fil: eksporten skriver ingen slik fil")
	}
}

func (p *parser) report(name, dir string) *Report {
	for i := range p.tree.Reports {
		if strconv.Itoa(p.tree.Reports[i].Year) == dir {
			return &p.tree.Reports[i]
		}
	}
	p.fail(name, 0, "rapportmappen mangler en gyldig %s", indexFile)
	return nil
}

func (p *parser) year(name, s string) (int, bool) {
	year, err := strconv.Atoi(s)
	if err != nil || year < MinYear || year > MaxYear || strconv.Itoa(year) != s {
		p.fail(name, 0, "«%s» er ikke et årstall mellom %d og %d", s, MinYear, MaxYear)
		return 0, false
	}
	return year, true
}

func (p *parser) slug(name, slug string) bool {
	if err := ValidateSlug(slug); err != nil {
		p.fail(name, 0, "%v", err)
		return false
	}
	return true
}

// sort puts every list in the order the exporter writes and the site shows.
func (t *Tree) sort() {
	slices.SortFunc(t.Terms, func(a, b Term) int {
		return strings.Compare(a.Taxonomy+"/"+a.Slug, b.Taxonomy+"/"+b.Slug)
	})
	slices.SortFunc(t.Reports, func(a, b Report) int { return a.Year - b.Year })
	for i := range t.Reports {
		slices.SortFunc(t.Reports[i].Sections, func(a, b Section) int {
			if a.Weight != b.Weight {
				return a.Weight - b.Weight
			}
			return strings.Compare(a.Slug, b.Slug)
		})
	}
	slices.SortFunc(t.Projects, func(a, b Project) int { return strings.Compare(a.Slug, b.Slug) })
	slices.SortFunc(t.Meetings, func(a, b Meeting) int { return a.Year - b.Year })
	slices.SortFunc(t.Committees, func(a, b Committee) int { return strings.Compare(a.Slug, b.Slug) })
	for i := range t.Committees {
		slices.SortFunc(t.Committees[i].Statuses, func(a, b CommitteeStatus) int { return a.Year - b.Year })
	}
}

// Records is how many database records the tree is stored as: one per term,
// report, section, member, link, grant round, project, meeting, committee
// and committee status.
func (t *Tree) Records() int {
	n := len(t.Terms) + len(t.Projects) + len(t.Meetings) + len(t.Committees)
	for _, r := range t.Reports {
		n += 1 + len(r.Sections) + len(r.Members) + len(r.Links)
		if r.GrantRound != nil {
			n++
		}
	}
	for _, c := range t.Committees {
		n += len(c.Statuses)
	}
	return n
}
