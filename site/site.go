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

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"

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

	err = atomicdir.Replace(opts.OutDir, func(out string) error {
		pages, err := hugoBuild(project, contentDir, out, opts)
		if err != nil {
			return err
		}
		stats.Pages = pages
		// hugolib does not copy static/; the hugo command does that itself.
		static, err := fs.Sub(files, "static")
		if err != nil {
			return err
		}
		if err := os.CopyFS(out, static); err != nil {
			return fmt.Errorf("copy static files: %w", err)
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

func hugoBuild(project, contentDir, out string, opts Options) (int, error) {
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
		Fs:       hugofs.NewFrom(hugofs.Os, cfg.LoadingInfo.BaseConfig),
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
