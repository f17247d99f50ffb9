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
	"time"

	"github.com/bep/clocks"
	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/htime"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
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
	FastRender bool   // Incremental: an edit renders its own pages first, Rest the others
	// Clock is the time the site is built for (Hugo's clock, as hugo
	// --clock sets it): what "today" is for upcoming meetings. It is read
	// once a build; production passes time.Now.
	Clock func() time.Time
}

// Stats tells what a build produced.
type Stats struct {
	Pages int
	Files int
}

// Build renders the site from opts.ContentDir into opts.OutDir. A failed
// build leaves opts.OutDir as it was.
func Build(ctx context.Context, opts Options) (Stats, error) {
	b, err := newBuilder(ctx, opts, false)
	if err != nil {
		return Stats{}, err
	}
	defer b.close()
	return b.full(ctx, opts.Clock())
}

// builder holds what one or more builds of a content directory share: the
// unpacked Hugo project, the output file system and, between the builds
// of the preview, Hugo itself.
type builder struct {
	opts    Options // with absolute paths
	project string
	out     *outputFs
	log     bytes.Buffer
	sites   *hugolib.HugoSites
	watch   bool // Hugo in watch mode, for builds after a change
}

func newBuilder(ctx context.Context, opts Options, watch bool) (*builder, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var err error
	if opts.ContentDir, err = filepath.Abs(opts.ContentDir); err != nil {
		return nil, err
	}
	// Hugo resolves a relative publishDir against the project.
	if opts.OutDir, err = filepath.Abs(opts.OutDir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(opts.ContentDir); err != nil {
		return nil, fmt.Errorf("content directory: %w", err)
	}
	if opts.Clock == nil {
		return nil, errors.New("site: Options.Clock is not set")
	}
	project, err := os.MkdirTemp("", "ssu-site-")
	if err != nil {
		return nil, fmt.Errorf("unpack site: %w", err)
	}
	if err := os.CopyFS(project, files); err != nil {
		os.RemoveAll(project)
		return nil, fmt.Errorf("unpack site: %w", err)
	}
	return &builder{opts: opts, project: project, out: newOutputFs(opts.OutDir), watch: watch}, nil
}

func (b *builder) close() {
	if b.sites != nil {
		b.sites.Close()
		b.sites = nil
	}
	os.RemoveAll(b.project)
}

// full builds the whole site for the time now with a new Hugo. The output
// directory is rebuilt in the tree of the build before the previous one
// and swapped in: at 10,000 pages, creating every directory and file anew
// cost more than Hugo's rendering on this kind of disk.
func (b *builder) full(ctx context.Context, now time.Time) (Stats, error) {
	var stats Stats
	err := atomicdir.ReplaceReusing(b.opts.OutDir, func(dir string) error {
		b.out.begin(dir, false)
		err := atTime(now, func() error {
			if err := b.newSites(); err != nil {
				return err
			}
			return b.run(hugolib.BuildCfg{})
		})
		if err != nil {
			return err
		}
		for _, s := range b.sites.Sites {
			stats.Pages += len(s.Pages())
		}
		// hugolib does not copy static/; the hugo command does that itself.
		if err := b.out.copyStatic(); err != nil {
			return fmt.Errorf("copy static files: %w", err)
		}
		if err := b.out.prune(); err != nil {
			return fmt.Errorf("remove files of an older build: %w", err)
		}
		if b.opts.Search {
			if err := indexSearch(ctx, dir); err != nil {
				return err
			}
		}
		return filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				stats.Files++
			}
			return err
		})
	})
	if err != nil && b.sites != nil {
		b.sites.Close()
		b.sites = nil
	}
	b.out.begin(b.opts.OutDir, false)
	return stats, err
}

// hugoClock guards Hugo's clock, which is one for the whole process.
var hugoClock sync.Mutex

// atTime runs f, which sets up or runs Hugo, with Hugo's clock stopped at
// now in content.Zone, so that every page of a build sees the same day. Hugo's
// clock setting only reaches its clock through the hugo command, which
// sets htime.Clock itself; here it is set for the build and put back.
func atTime(now time.Time, f func() error) error {
	hugoClock.Lock()
	defer hugoClock.Unlock()
	htime.Clock = clocks.Fixed(now.In(content.Zone))
	defer func() { htime.Clock = clocks.System() }()
	return f()
}

// run runs one Hugo build and turns the errors Hugo only logs into one,
// a PageError when it names a file of the content tree; call it inside
// atTime. A build that hangs (errHung) is left behind with this builder's
// Hugo, its project and its output file system: the builder must not
// build again.
func (b *builder) run(cfg hugolib.BuildCfg, events ...fsnotify.Event) error {
	b.log.Reset()
	// A full build keeps the stop channel its new HugoSites was made with
	// (only a rebuild replaces it, in initRebuild); a rebuild follows a
	// build that succeeded, so the channel it holds now never closes, and
	// it has its deadline instead.
	stopped, limit := b.sites.Done(), time.Duration(0)
	if len(events) > 0 {
		stopped, limit = nil, rebuildLimit
	}
	sites := b.sites
	built := make(chan error, 1)
	go func() { built <- sites.Build(cfg, events...) }()
	if err := await(built, stopped, hungAfter, limit); err != nil {
		if errors.Is(err, errHung) {
			b.abandon()
			return err
		}
		return b.pageError(fmt.Errorf("hugo build: %w", err))
	}
	// Hugo logs some failures (a missing template, a broken reference)
	// without returning an error; a public site must not ship with them.
	if msg := strings.TrimSpace(b.log.String()); msg != "" {
		return b.pageError(errors.New("hugo build: " + msg))
	}
	return nil
}

// Hugo 0.165 stops rendering once ten pages have failed (Site.errorCollator
// calls Stop, hugolib/site.go:1594); each render worker then returns at its
// next failed page (site_render.go:136), while the walk over the pages may
// already be blocked sending the next page to them (site_render.go:98,
// outside the select on Done). When every worker has returned that way,
// the build never ends. After Stop a build that is not stuck ends as soon
// as each worker has finished the page it holds, so one that has not
// ended hungAfter later is stuck; it was failing anyway.
const hungAfter = 5 * time.Second

// rebuildLimit bounds a build after a change, which renders the few pages
// that depend on the changed files and whose stop channel cannot be
// watched.
const rebuildLimit = 2 * time.Minute

// errHung is a Hugo build that did not end.
var errHung = errors.New("hugo build: Hugo did not finish the build")

// await returns what the build sends on built, or errHung when it has not
// ended after the wait after stopped closed, or after limit when limit is
// not zero.
func await(built <-chan error, stopped <-chan bool, wait, limit time.Duration) error {
	var deadline <-chan time.Time
	if limit > 0 {
		timer := time.NewTimer(limit)
		defer timer.Stop()
		deadline = timer.C
	}
	select {
	case err := <-built:
		return err
	case <-deadline:
		return fmt.Errorf("%w in %v", errHung, limit)
	case <-stopped:
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case err := <-built:
		return err
	case <-timer.C:
		return fmt.Errorf("%w: it stopped rendering after pages failed at once, then hung (the fault is not in one page)", errHung)
	}
}

// abandon leaves a hung build to itself: its Hugo is not closed (its build
// still holds it, and the build lock in the project), and its output file
// system refuses every change, so nothing it may still do reaches a later
// build.
func (b *builder) abandon() {
	b.sites = nil
	b.out.seal()
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

// SearchInstalled says why a build cannot be indexed for search (Pagefind
// is not installed), or nil when it can.
func SearchInstalled() error {
	_, err := pagefindBinary()
	return err
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

// newSites sets up a new Hugo for the project, replacing any earlier one.
func (b *builder) newSites() error {
	if b.sites != nil {
		b.sites.Close()
		b.sites = nil
	}
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        io.Discard,
		StdErr:        &b.log,
		DistinctLevel: logg.LevelWarn,
	})

	flags := config.New()
	flags.Set("workingDir", b.project)
	// The exported content tree, wherever it is, and the site's own pages
	// (cli.toml holds the same mounts for the plain hugo CLI).
	flags.Set("module.mounts", []map[string]any{
		{"source": b.opts.ContentDir, "target": "content"},
		{"source": "pages", "target": "content"},
	})
	// Hugo always writes to the output directory; outputFs sends the
	// files where they belong during this build.
	flags.Set("publishDir", b.opts.OutDir)
	// Resized images are kept between builds, not redone every time.
	cache := filepath.Join(os.TempDir(), "ssu-hugo-cache")
	flags.Set("cacheDir", cache)
	flags.Set("resourceDir", filepath.Join(cache, "resources"))
	if b.opts.BaseURL != "" {
		flags.Set("baseURL", b.opts.BaseURL)
	}
	// The search page offers search only where Pagefind indexes the build.
	flags.Set("params.search", b.opts.Search)
	if b.opts.Preview {
		flags.Set("buildDrafts", true)
		flags.Set("buildExpired", true)
		flags.Set("params.preview", true)
	}
	if b.watch {
		// As hugo server sets it: Build may be called again with the
		// files that changed.
		flags.Set("internal", hmaps.Params{"running": true, "watch": true, "fastRenderMode": b.opts.FastRender})
		// The preview has its own reload (_live.js); Hugo's needs its server.
		flags.Set("disableLiveReload", true)
	}

	cfg, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          hugofs.Os,
		Flags:       flags,
		Logger:      logger,
		Environment: "production",
		Filename:    filepath.Join(b.project, "hugo.toml"),
	})
	if err != nil {
		return fmt.Errorf("load Hugo config: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  cfg,
		Fs:       hugofs.NewFromSourceAndDestination(hugofs.Os, b.out, flags),
		LogLevel: logg.LevelWarn,
		StdOut:   io.Discard,
		StdErr:   &b.log,
	})
	if err != nil {
		return fmt.Errorf("set up Hugo: %w", err)
	}
	b.sites = sites
	return nil
}
