package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"
)

// outputFs is the file system Hugo writes the site through. Hugo's
// publishDir is always the output directory; outputFs sends every path
// under it to dir instead (during a full build, the new tree beside the
// output). It notes what a build writes, so that prune can remove what an
// older build left in a reused tree, and during a build after a change it
// keeps the bytes it overwrites, so that undo can put them back if the
// build fails.
type outputFs struct {
	afero.Fs
	publishDir string

	mu      sync.Mutex
	dir     string
	written map[string]bool   // relative to dir
	saved   map[string][]byte // relative; nil: the file was new
	keep    bool              // fill saved
	sealed  bool              // its build was abandoned: no more changes
}

// errSealed is a change through the output file system of an abandoned build.
var errSealed = errors.New("the build was abandoned")

// seal makes every later change through o fail.
func (o *outputFs) seal() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sealed = true
}

// changing is where name is during this build, for a change to it.
func (o *outputFs) changing(name string) (string, error) {
	o.mu.Lock()
	sealed := o.sealed
	o.mu.Unlock()
	if sealed {
		return "", errSealed
	}
	return o.real(name), nil
}

func newOutputFs(publishDir string) *outputFs {
	return &outputFs{Fs: afero.NewOsFs(), publishDir: publishDir, dir: publishDir}
}

// begin starts a build that writes into dir.
func (o *outputFs) begin(dir string, keep bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dir, o.keep = dir, keep
	o.written = map[string]bool{}
	o.saved = map[string][]byte{}
}

// rel is name relative to the output directory, or "" if it is outside.
func (o *outputFs) rel(name string) string {
	r, err := filepath.Rel(o.publishDir, name)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return ""
	}
	return r
}

// real is where name goes during this build.
func (o *outputFs) real(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if r := o.rel(name); r != "" {
		return filepath.Join(o.dir, r)
	}
	return name
}

// writing notes that name is about to be written, and saves what it holds
// now if this build can be undone.
func (o *outputFs) writing(name string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sealed {
		return "", errSealed
	}
	r := o.rel(name)
	if r == "" {
		return name, nil
	}
	real := filepath.Join(o.dir, r)
	if _, done := o.saved[r]; o.keep && !done {
		old, err := os.ReadFile(real)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			o.saved[r] = nil // new: undo removes it
		case err != nil:
			return "", fmt.Errorf("keep %s for undo: %w", r, err)
		default:
			o.saved[r] = old
		}
	}
	o.written[r] = true
	return real, nil
}

func (o *outputFs) Create(name string) (afero.File, error) {
	real, err := o.writing(name)
	if err != nil {
		return nil, err
	}
	return o.Fs.Create(real)
}

func (o *outputFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		real, err := o.writing(name)
		if err != nil {
			return nil, err
		}
		return o.Fs.OpenFile(real, flag, perm)
	}
	return o.Fs.OpenFile(o.real(name), flag, perm)
}

func (o *outputFs) Open(name string) (afero.File, error) { return o.Fs.Open(o.real(name)) }

// Stat of a file that exists counts as written: Hugo does not write a
// resized image again when a file of its name (a hash of the content) is
// already there.
func (o *outputFs) Stat(name string) (os.FileInfo, error) {
	info, err := o.Fs.Stat(o.real(name))
	if err == nil && info.Mode().IsRegular() {
		o.mu.Lock()
		if r := o.rel(name); r != "" {
			o.written[r] = true
		}
		o.mu.Unlock()
	}
	return info, err
}

func (o *outputFs) Mkdir(name string, perm os.FileMode) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.Mkdir(real, perm)
}

func (o *outputFs) MkdirAll(name string, perm os.FileMode) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.MkdirAll(real, perm)
}

func (o *outputFs) Remove(name string) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.Remove(real)
}

func (o *outputFs) RemoveAll(name string) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.RemoveAll(real)
}

func (o *outputFs) Rename(oldname, newname string) error {
	real, err := o.writing(newname)
	if err != nil {
		return err
	}
	return o.Fs.Rename(o.real(oldname), real)
}

func (o *outputFs) Chmod(name string, mode os.FileMode) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.Chmod(real, mode)
}

func (o *outputFs) Chown(name string, uid, gid int) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.Chown(real, uid, gid)
}

func (o *outputFs) Chtimes(name string, atime, mtime time.Time) error {
	real, err := o.changing(name)
	if err != nil {
		return err
	}
	return o.Fs.Chtimes(real, atime, mtime)
}

// copyStatic writes the embedded static/ files, over any older ones.
func (o *outputFs) copyStatic() error {
	return fs.WalkDir(files, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		dst := filepath.Join(o.publishDir, filepath.FromSlash(strings.TrimPrefix(name, "static/")))
		if err := o.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return afero.WriteFile(o, dst, data, 0o644)
	})
}

// prune removes every file this build did not write from its directory,
// and the directories that leaves empty.
func (o *outputFs) prune() error {
	var dirs []string
	err := filepath.WalkDir(o.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		r, err := filepath.Rel(o.dir, p)
		if err != nil || o.written[r] {
			return err
		}
		return os.Remove(p)
	})
	if err != nil {
		return err
	}
	// Deepest first; a directory that still has files stays.
	for i := len(dirs) - 1; i > 0; i-- {
		os.Remove(dirs[i])
	}
	return nil
}

// undo puts back every file this build changed: the bytes it held, or no
// file where there was none.
func (o *outputFs) undo() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	var errs []error
	for r, old := range o.saved {
		p := filepath.Join(o.dir, r)
		if old == nil {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		errs = append(errs, os.WriteFile(p, old, 0o644))
	}
	return errors.Join(errs...)
}
