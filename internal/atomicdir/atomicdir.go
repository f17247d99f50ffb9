// Package atomicdir replaces a whole directory at once, so that a reader (or
// a crash) sees either the old tree or the new one, never a mix.
package atomicdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Replace fills a new directory beside dst and then puts it in dst's place.
// If fill fails, dst is left as it was and the new directory is removed.
// A directory left beside dst by a process killed during a Replace holds a
// partial new tree or the previous one; the next Replace removes it.
func Replace(dst string, fill func(dir string) error) error {
	dst = filepath.Clean(dst)
	parent, base := filepath.Split(dst)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", parent, err)
	}
	removeStale(parent, base)
	tmp, unlock, err := newTemp(parent, base)
	if err != nil {
		return fmt.Errorf("create directory beside %s: %w", dst, err)
	}
	defer unlock()
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := fill(tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}

	_, statErr := os.Stat(dst)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		if err := os.Rename(tmp, dst); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("move new tree to %s: %w", dst, err)
		}
		return nil
	case statErr != nil:
		os.RemoveAll(tmp)
		return fmt.Errorf("stat %s: %w", dst, statErr)
	}

	// tmp now holds the old tree after the swap.
	if err := exchange(tmp, dst); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("swap new tree into %s: %w", dst, err)
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("remove old tree of %s: %w", dst, err)
	}
	return nil
}
