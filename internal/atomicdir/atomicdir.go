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
	return replace(dst, false, fill)
}

// ReplaceReusing is Replace for a tree that is rebuilt often and changes
// little, such as a built site. It keeps the old tree beside dst after the
// swap and gives it to the next call's fill, which must turn it into
// exactly the new tree (fill may also get an empty directory). Creating
// ten thousand directories and files costs this kind of disk several
// seconds; rewriting files that exist costs a fraction of that.
func ReplaceReusing(dst string, fill func(dir string) error) error {
	return replace(dst, true, fill)
}

// TempDir makes a directory for a process's scratch files in parent, named
// after base, and returns it with the function that removes it. A
// directory that a process killed before it removed its own left there is
// removed first (on Unix, where it can be told from a running one's).
func TempDir(parent, base string) (string, func(), error) {
	removeStale(parent, base)
	dir, unlock, err := newTemp(parent, base)
	if err != nil {
		return "", nil, fmt.Errorf("create a directory in %s: %w", parent, err)
	}
	return dir, func() {
		os.RemoveAll(dir)
		unlock()
	}, nil
}

// keptName is where ReplaceReusing keeps the previous tree: .public.old.
func keptName(base string) string { return "." + base + ".old" }

func replace(dst string, reuse bool, fill func(dir string) error) error {
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
	if reuse {
		unlock = takeKept(parent, base, tmp, unlock)
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
	// The new tree and its name reach the disk before the swap, and the
	// swap after it: a power cut leaves the old tree or the new one.
	if err := syncTree(tmp); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("sync the new tree of %s: %w", dst, err)
	}
	if err := syncFile(parent); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("sync %s: %w", parent, err)
	}

	_, statErr := os.Stat(dst)
	switch {
	case errors.Is(statErr, fs.ErrNotExist):
		if err := os.Rename(tmp, dst); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("move new tree to %s: %w", dst, err)
		}
		return syncFile(parent)
	case statErr != nil:
		os.RemoveAll(tmp)
		return fmt.Errorf("stat %s: %w", dst, statErr)
	}

	// tmp now holds the old tree after the swap.
	if err := exchange(tmp, dst); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("swap new tree into %s: %w", dst, err)
	}
	if err := syncFile(parent); err != nil {
		return fmt.Errorf("sync %s: %w", parent, err)
	}
	if reuse && os.Rename(tmp, filepath.Join(parent, keptName(base))) == nil {
		return nil
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("remove old tree of %s: %w", dst, err)
	}
	return nil
}
