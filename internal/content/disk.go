package content

import (
	"reflect"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

// Write replaces dir with the tree in one step: files of records that are
// gone disappear, and a failure leaves the previous dir whole.
func (t *Tree) Write(dir string) error {
	_, err := t.Update(dir)
	return err
}

// Update is Write that also says which files it changed.
func (t *Tree) Update(dir string) (atomicdir.Changes, error) {
	files, err := t.validFiles()
	if err != nil {
		return atomicdir.Changes{}, err
	}
	return atomicdir.WriteFiles(dir, files)
}

// SyncedDir is a content directory that only its writer reads, such as
// the preview's, kept in step with a tree that changes a little at a time:
// Sync encodes only the pages that changed since the last Sync, and writes
// only the files that changed (atomicdir.SyncFiles).
type SyncedDir struct {
	Dir   string
	files map[string][]byte      // what the last Sync left in Dir; nil: not known
	pages map[string]encodedPage // each page's file as the last Sync encoded it
}

// encodedPage is a page's file and what it was encoded from.
type encodedPage struct {
	frontMatter any
	body        string
	data        []byte
}

// Sync writes t into the directory, and says whether it wrote the whole
// directory anew (the first Sync, and the one after a failed Sync). The
// pages' values are kept to tell what changed, so t must be a tree of its
// own, as records.Load returns, not the last one changed in place.
func (s *SyncedDir) Sync(t *Tree) (changes atomicdir.Changes, whole bool, err error) {
	whole = s.files == nil
	if err := t.Validate(); err != nil {
		return atomicdir.Changes{}, whole, err
	}
	pages := map[string]encodedPage{}
	files, err := t.files(func(page Page) ([]byte, error) {
		if last, ok := s.pages[page.File]; ok && last.body == page.Body && reflect.DeepEqual(last.frontMatter, page.FrontMatter) {
			pages[page.File] = last
			return last.data, nil
		}
		data, err := encodeFile(page.FrontMatter, page.Body)
		pages[page.File] = encodedPage{page.FrontMatter, page.Body, data}
		return data, err
	})
	if err == nil {
		changes, err = atomicdir.SyncFiles(s.Dir, s.files, files)
	}
	if err != nil {
		s.files, s.pages = nil, nil
		return atomicdir.Changes{}, whole, err
	}
	s.files, s.pages = files, pages
	return changes, whole, nil
}

// validFiles is Files for a tree that passes Validate.
func (t *Tree) validFiles() (map[string][]byte, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	return t.Files()
}

// Read loads the content tree in dir. Every file must be one the exporter
// writes; the errors of all files are returned together.
func Read(dir string) (*Tree, error) {
	files, err := atomicdir.ReadFiles(dir)
	if err != nil {
		return nil, err
	}
	return Parse(files)
}
