package content

import "github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"

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

// Sync is Update for a directory that only its writer reads, such as the
// preview's (see atomicdir.SyncFiles): last holds the files the previous
// Sync left there, nil for none. It returns the files now in dir, for the
// next Sync; after an error, dir must be synced from nil.
func (t *Tree) Sync(dir string, last map[string][]byte) (atomicdir.Changes, map[string][]byte, error) {
	files, err := t.validFiles()
	if err != nil {
		return atomicdir.Changes{}, nil, err
	}
	changes, err := atomicdir.SyncFiles(dir, last, files)
	if err != nil {
		return atomicdir.Changes{}, nil, err
	}
	return changes, files, nil
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
