//go:build !linux

package atomicdir

import (
	"io/fs"
	"path/filepath"
)

// flushTree flushes every file and directory under dir.
func flushTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || (!d.IsDir() && !d.Type().IsRegular()) {
			return err // a symbolic link has no data of its own to flush
		}
		return fsync(path)
	})
}
