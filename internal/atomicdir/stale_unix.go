//go:build unix

package atomicdir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// A Replace holds an exclusive flock on its new directory from the moment
// it is created until it returns. The kernel drops the lock when the
// process ends, however it ends, so a directory beside dst with the
// temporary name that can be locked belongs to no running Replace: it was
// left by a killed process, and removeStale removes it. (After the swap
// the directory holds the old tree, unlocked while this Replace removes
// it; a concurrent removeStale removing it too does no harm.)

// tempPrefix is the name of the new directory before os.MkdirTemp adds its
// random digits: .content.new-1234567.
func tempPrefix(base string) string { return "." + base + ".new-" }

// isTemp reports whether name is one of base's temporary directories as
// os.MkdirTemp names them (the prefix and decimal digits), and nothing else.
func isTemp(name, base string) bool {
	digits, ok := strings.CutPrefix(name, tempPrefix(base))
	if !ok || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

var errBusy = errors.New("locked by another process")

// tryLock opens dir and takes an exclusive flock on it without waiting.
// It returns errBusy when someone else holds it, and the open directory,
// whose Close releases the lock, when it did not.
func tryLock(dir string) (*os.File, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := flock(f, unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, errBusy
		}
		return nil, err
	}
	return f, nil
}

func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			return err
		}
	}
}

// stillAt reports whether the open f is still the directory entry at path
// (it was not removed or replaced between the open and the lock).
func stillAt(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(path)
	return err == nil && os.SameFile(a, b)
}

// newTemp creates the directory a new tree is written to, beside dst, and
// locks it. The lock is released by the returned function, or by the
// kernel when the process dies.
func newTemp(parent, base string) (string, func(), error) {
	for range 10 {
		tmp, err := os.MkdirTemp(parent, tempPrefix(base))
		if err != nil {
			return "", nil, err
		}
		f, err := tryLock(tmp)
		switch {
		case err == nil && stillAt(f, tmp):
			return tmp, func() { f.Close() }, nil
		case err == nil:
			// Another process's removeStale took it between MkdirTemp
			// and the lock: it was empty and is gone. Make another.
			f.Close()
		case errors.Is(err, errBusy) || errors.Is(err, os.ErrNotExist):
			// The same, caught in the act: that process removes it.
		default:
			os.Remove(tmp)
			return "", nil, err
		}
	}
	return "", nil, fmt.Errorf("could not create and lock a directory beside %s", filepath.Join(parent, base))
}

// removeStale removes base's temporary directories in parent that no
// running Replace holds: those left by a process that was killed while it
// wrote a new tree (a partial tree) or just after the swap (the previous
// tree). It never follows a symbolic link, and leaves anything it cannot
// remove for the next time.
func removeStale(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !isTemp(e.Name(), base) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		f, err := tryLock(dir)
		if err != nil {
			continue
		}
		if stillAt(f, dir) {
			os.RemoveAll(dir)
		}
		f.Close()
	}
}

// takeKept puts the tree a previous ReplaceReusing kept in place of the
// empty new directory tmp (rename replaces an empty directory in one
// step), locked as tmp was, and returns the function that releases its
// lock. If there is none, or another process is taking it, tmp stays.
// (os.Rename refuses to replace a directory; the system call does not.)
func takeKept(parent, base, tmp string, unlockTmp func()) func() {
	kept := filepath.Join(parent, keptName(base))
	f, err := tryLock(kept)
	if err != nil {
		return unlockTmp
	}
	if !stillAt(f, kept) || unix.Rename(kept, tmp) != nil {
		f.Close()
		return unlockTmp
	}
	unlockTmp()
	return func() { f.Close() }
}
