// Package site holds the Hugo project of the public SSU site, embedded in
// the binary, and builds it with Hugo in-process. Every call into Hugo lives
// in this file: Hugo has no stable Go API, so a version bump touches only it.
package site

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/spf13/afero"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

//go:embed hugo.toml all:layouts i18n assets static all:pages
var files embed.FS

// Options says what to build and where.
type Options struct {
	ContentDir string // the content tree, normally content/
	OutDir     string // replaced as a whole when the build succeeds
	BaseURL    string // empty keeps the one in hugo.toml
	Preview    bool   // the editors' preview: drafts included and marked, live reload
	Search     bool   // index the built site with Pagefind (npm package pagefind)
}

// Stats tells what a build produced.
type Stats struct {
	Pages int
	Files int
}

// Build renders the site from opts.ContentDir into opts.OutDir. A failed
// build leaves opts.OutDir as it was.
func Build(ctx context.Context, opts Options) (Stats, error) {
	var stats Stats
	if err := ctx.Err(); err != nil {
		return stats, err
	}
	contentDir, err := filepath.Abs(opts.ContentDir)
	if err != nil {
		return stats, err
	}
	// Hugo resolves a relative publishDir against the project, and prune
	// compares absolute paths.
	if opts.OutDir, err = filepath.Abs(opts.OutDir); err != nil {
		return stats, err
	}
	if _, err := os.Stat(contentDir); err != nil {
		return stats, fmt.Errorf("content directory: %w", err)
	}

	project, err := os.MkdirTemp("", "ssu-site-")
	if err != nil {
		return stats, fmt.Errorf("unpack site: %w", err)
	}
	defer os.RemoveAll(project)
	if err := os.CopyFS(project, files); err != nil {
		return stats, fmt.Errorf("unpack site: %w", err)
	}

	// The output directory is rebuilt in the tree of the build before the
	// previous one: at 10,000 pages, creating every directory and file
	// anew cost more than Hugo's rendering on this kind of disk.
	err = atomicdir.ReplaceReusing(opts.OutDir, func(out string) error {
		written := &recordingFs{Fs: hugofs.Os, names: map[string]bool{}}
		pages, err := hugoBuild(project, contentDir, out, written, opts)
		if err != nil {
			return err
		}
		stats.Pages = pages
		// hugolib does not copy static/; the hugo command does that itself.
		if err := copyStatic(out, written); err != nil {
			return fmt.Errorf("copy static files: %w", err)
		}
		if err := prune(out, written.names); err != nil {
			return fmt.Errorf("remove files of an older build: %w", err)
		}
		if opts.Search {
			if err := indexSearch(ctx, out); err != nil {
				return err
			}
		}
		return filepath.WalkDir(out, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				stats.Files++
			}
			return err
		})
	})
	return stats, err
}

// recordingFs notes every file written through it: what this build made,
// as opposed to what an older build left in the reused tree.
type recordingFs struct {
	afero.Fs
	mu    sync.Mutex
	names map[string]bool // absolute paths
}

func (r *recordingFs) note(name string) {
	r.mu.Lock()
	r.names[filepath.Clean(name)] = true
	r.mu.Unlock()
}

func (r *recordingFs) Create(name string) (afero.File, error) {
	r.note(name)
	return r.Fs.Create(name)
}

func (r *recordingFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) != 0 {
		r.note(name)
	}
	return r.Fs.OpenFile(name, flag, perm)
}

// Stat of a file that exists counts as written: Hugo does not write a
// resized image again when a file of its name (a hash of the content) is
// already there.
func (r *recordingFs) Stat(name string) (os.FileInfo, error) {
	info, err := r.Fs.Stat(name)
	if err == nil && info.Mode().IsRegular() {
		r.note(name)
	}
	return info, err
}

func (r *recordingFs) Rename(oldname, newname string) error {
	r.note(newname)
	return r.Fs.Rename(oldname, newname)
}

// copyStatic writes the embedded static/ files into out, over any older ones.
func copyStatic(out string, written *recordingFs) error {
	return fs.WalkDir(files, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		dst := filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(name, "static/")))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		written.note(dst)
		return os.WriteFile(dst, data, 0o644)
	})
}

// prune removes from out every file not in keep, and the directories that
// leaves empty.
func prune(out string, keep map[string]bool) error {
	var dirs []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, p)
			return nil
		case keep[p]:
			return nil
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

// indexSearch runs Pagefind over the built site, which writes its index
// into out/pagefind.
func indexSearch(ctx context.Context, out string) error {
	bin, err := pagefindBinary()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--site", out)
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pagefind: %w\n%s", err, output)
	}
	return nil
}

// pagefindBinary finds node_modules/.bin/pagefind in the working directory
// or a parent, as Node resolves packages, or else pagefind on PATH.
func pagefindBinary() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		bin := filepath.Join(dir, "node_modules", ".bin", "pagefind")
		if _, err := os.Stat(bin); err == nil {
			return bin, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if bin, err := exec.LookPath("pagefind"); err == nil {
		return bin, nil
	}
	return "", errors.New("pagefind is not installed: run npm install in the repository, or build without --search")
}

func hugoBuild(project, contentDir, out string, dest afero.Fs, opts Options) (int, error) {
	var log bytes.Buffer
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        io.Discard,
		StdErr:        &log,
		DistinctLevel: logg.LevelWarn,
	})

	flags := config.New()
	flags.Set("workingDir", project)
	// The exported content tree, wherever it is, and the site's own pages
	// (cli.toml holds the same mounts for the plain hugo CLI).
	flags.Set("module.mounts", []map[string]any{
		{"source": contentDir, "target": "content"},
		{"source": "pages", "target": "content"},
	})
	flags.Set("publishDir", out)
	// Resized images are kept between builds, not redone every time.
	cache := filepath.Join(os.TempDir(), "ssu-hugo-cache")
	flags.Set("cacheDir", cache)
	flags.Set("resourceDir", filepath.Join(cache, "resources"))
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}
	if opts.Preview {
		flags.Set("buildDrafts", true)
		flags.Set("buildExpired", true)
		flags.Set("params.preview", true)
	}

	cfg, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          hugofs.Os,
		Flags:       flags,
		Logger:      logger,
		Environment: "production",
		Filename:    filepath.Join(project, "hugo.toml"),
	})
	if err != nil {
		return 0, fmt.Errorf("load Hugo config: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  cfg,
		Fs:       hugofs.NewFromSourceAndDestination(hugofs.Os, dest, flags),
		LogLevel: logg.LevelWarn,
		StdOut:   io.Discard,
		StdErr:   &log,
	})
	if err != nil {
		return 0, fmt.Errorf("set up Hugo: %w", err)
	}
	defer sites.Close()

	if err := sites.Build(hugolib.BuildCfg{}); err != nil {
		return 0, fmt.Errorf("hugo build: %w", err)
	}
	// Hugo logs some failures (a missing template, a broken reference)
	// without returning an error; a public site must not ship with them.
	if msg := strings.TrimSpace(log.String()); msg != "" {
		return 0, errors.New("hugo build: " + msg)
	}
	pages := 0
	for _, s := range sites.Sites {
		pages += len(s.Pages())
	}
	return pages, nil
}
