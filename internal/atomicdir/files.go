package atomicdir

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
	"sync"
)

// Changes are the files a write changed, relative to its directory and
// slash-separated: Created are new, Written have new bytes (Before holds
// their old bytes), Removed are gone.
type Changes struct {
	Created, Written, Removed []string
	Before                    map[string][]byte
}

// WriteFiles replaces dir with exactly these files (paths relative to dir,
// slash-separated) in one step, and says which files it changed. A file
// whose bytes are already in dir is hard-linked into the new tree instead
// of written again: creating a file costs this disk about ten times what
// reading one and linking it does, and an unchanged file keeps its
// modification time. The files are written by a few goroutines, since the
// time goes to system calls.
func WriteFiles(dir string, files map[string][]byte) (Changes, error) {
	var changes Changes
	err := Replace(dir, func(tmp string) error {
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

// SyncFiles is WriteFiles for a directory that only its writer reads, such
// as the preview's: last holds the files the previous SyncFiles left there
// (nil for none, which makes it WriteFiles), and only the files that differ
// are written or removed, in place, with no read of the old tree and no
// swap. After an error, dir must be synced from nil.
func SyncFiles(dir string, last, files map[string][]byte) (Changes, error) {
	if last == nil {
		return WriteFiles(dir, files)
	}
	changes := Changes{Before: map[string][]byte{}}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		old, existed := last[p]
		if existed && bytes.Equal(old, files[p]) {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return Changes{}, err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return Changes{}, fmt.Errorf("write %s: %w", p, err)
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
			return Changes{}, err
		}
		changes.Removed = append(changes.Removed, p)
	}
	return changes, nil
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
		return nil, fmt.Errorf("read directory %s: %w", dir, err)
	}
	return files, nil
}
