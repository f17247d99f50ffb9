package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/hugolib"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// Incremental builds one content directory again and again, keeping Hugo
// in memory between the builds as hugo server does: after an edit, Hugo
// renders only the pages that depend on the files that changed (about a
// dozen in a 10,000-page archive). Such a build writes into the output
// directory in place and puts back what it wrote if it fails. The first
// build, and a build after a page was added, removed or moved to another
// list, or after a failed build, is a full one, swapped in whole.
//
// With Options.FastRender (the preview), a build in place renders only the
// pages that changed and the ones the editors have open, so an edit shows
// at once; the other pages that show the change (lists, the sitemap, the
// data files) are left to Rest, as hugo server's fast render mode does.
type Incremental struct {
	b      *builder
	ready  bool      // Hugo holds the site as the output directory shows it
	day    string    // the day it was built for: a new day is a full build
	urls   []string  // every address the last full build wrote, for Rest
	stale  bool      // a fast build left pages for Rest
	restAt time.Time // the time of that fast build
	hung   bool      // b's last build hung and keeps b: the next build needs a new one
}

// NewIncremental prepares builds of opts; it builds nothing yet. With
// Search, Pagefind indexes the whole site again after every build.
func NewIncremental(opts Options) (*Incremental, error) {
	b, err := newBuilder(context.Background(), opts, true)
	if err != nil {
		return nil, err
	}
	return &Incremental{b: b}, nil
}

// Build brings the output directory up to date with the content directory,
// given the changes since the last build (the first build ignores them),
// and says whether it built the whole site. On a new day (by the clock) it
// builds the whole site, as the pages that depend on the date (upcoming
// meetings) are not known to Hugo.
//
// With FastRender, open are the addresses (paths, as the site links them)
// of the pages the editors have open: they are rendered at once with the
// pages that changed, and Rest renders the others.
func (i *Incremental) Build(ctx context.Context, changes atomicdir.Changes, open ...string) (whole bool, err error) {
	if err := ctx.Err(); err != nil {
		i.ready = false // these changes are not built: the next build is a full one
		return false, err
	}
	if err := i.renew(ctx); err != nil {
		return false, err
	}
	defer func() { i.hung = errors.Is(err, errHung) }()
	now := i.b.opts.Clock()
	if !i.ready || i.stale || i.day != today(now) || !i.inPlace(changes) {
		// A fast build's leftovers are not known to be the same pages as
		// this change's, so a full build rather than a second fast one.
		return true, i.full(ctx, now)
	}
	if len(changes.Written) == 0 {
		return false, nil
	}
	if len(changes.Written) > maxInPlace {
		return true, i.full(ctx, now)
	}
	events := make([]fsnotify.Event, len(changes.Written))
	for n, name := range changes.Written {
		events[n] = fsnotify.Event{Name: filepath.Join(i.b.opts.ContentDir, filepath.FromSlash(name)), Op: fsnotify.Write}
	}
	cfg := hugolib.BuildCfg{NoBuildLock: true}
	if i.b.opts.FastRender {
		// Hugo adds the changed pages' own addresses to the queue, which
		// must have room for them without pushing out the open pages.
		cfg.RecentlyTouched = addresses(open, len(events))
		i.stale, i.restAt = true, now
	}
	// Hugo 0.165 given two changed pages in one build renders the lists
	// that show them with the new text of one only (TestManyPagesChangedAtOnce),
	// so each changed file is a build of its own.
	runs := make([][]fsnotify.Event, len(events))
	for n, event := range events {
		runs[n] = []fsnotify.Event{event}
	}
	if err := i.inPlaceRun(now, cfg, runs...); err != nil {
		return i.afterFailure(ctx, now, err)
	}
	return false, i.index(ctx)
}

// maxInPlace is how many changed files are built in place, one after the
// other; more (an import, a burst of saves) are a full build.
const maxInPlace = 5

// afterFailure follows a failed build in place with a full one, which
// says whether the content is at fault: Hugo 0.165 now and then fails a
// build in place that a full build of the same content passes (a slice
// bounds panic in .Content when ten or more pages changed at once), and a
// healthy page must not be left out for it.
func (i *Incremental) afterFailure(ctx context.Context, now time.Time, err error) (bool, error) {
	if errors.Is(err, errHung) || ctx.Err() != nil {
		return false, err
	}
	return true, i.full(ctx, now)
}

// Rest renders what the last fast build left: every page that shows what
// changed, beyond the ones it rendered at once. Without FastRender, or
// after a full build, there is nothing left.
func (i *Incremental) Rest(ctx context.Context) (err error) {
	if !i.stale || i.hung || !i.ready {
		return nil // after a failure the next build is a full one
	}
	if err := ctx.Err(); err != nil {
		i.ready = false
		return err
	}
	defer func() { i.hung = errors.Is(err, errHung) }()
	// The time of the build it finishes, so that every page is of one day.
	cfg := hugolib.BuildCfg{NoBuildLock: true, PartialReRender: true, RecentlyTouched: addresses(i.urls, 0)}
	if err := i.inPlaceRun(i.restAt, cfg, nil); err != nil {
		_, err = i.afterFailure(ctx, i.restAt, err)
		return err
	}
	i.stale = false
	return i.index(ctx)
}

// renew replaces a builder whose last build hung (and keeps it) with a
// new one, which has no Hugo yet: its first build is a full one.
func (i *Incremental) renew(ctx context.Context) error {
	if !i.hung {
		return nil
	}
	b, err := newBuilder(ctx, i.b.opts, true)
	if err != nil {
		return err
	}
	i.b.close()
	i.b, i.hung, i.ready = b, false, false
	return nil
}

// full builds the whole site and notes every address it wrote.
func (i *Incremental) full(ctx context.Context, now time.Time) error {
	_, err := i.b.full(ctx, now)
	i.ready, i.stale, i.day = err == nil, false, today(now)
	if err == nil && i.b.opts.FastRender {
		i.urls, err = builtAddresses(i.b.opts.OutDir, i.b.opts.BaseURL)
		i.ready = err == nil
	}
	return err
}

// inPlaceRun runs Hugo builds, one for each of runs (the events it is
// given), that write into the output directory in place, and puts back
// what they all wrote if one fails.
func (i *Incremental) inPlaceRun(now time.Time, cfg hugolib.BuildCfg, runs ...[]fsnotify.Event) error {
	i.b.out.begin(i.b.opts.OutDir, true)
	err := atTime(now, func() error {
		for _, events := range runs {
			if err := i.b.run(cfg, events...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		i.ready = false
		if undoErr := i.b.out.undo(); undoErr != nil {
			return fmt.Errorf("%w (and the pages written before it could not all be put back: %v)", err, undoErr)
		}
		return err
	}
	return nil
}

// addresses is Hugo's queue of recently touched addresses, holding urls
// and room for more.
func addresses(urls []string, more int) *types.EvictingQueue[string] {
	q := types.NewEvictingQueue[string](len(urls) + more + 100)
	for _, u := range urls {
		q.Add(u)
	}
	return q
}

// builtAddresses are the addresses of the files in a built site: a page's
// directory for its index.html, else the file's own.
func builtAddresses(out, baseURL string) ([]string, error) {
	base := "/"
	if u, err := url.Parse(baseURL); err == nil && u.Path != "" {
		base = u.Path
	}
	var urls []string
	err := filepath.WalkDir(out, func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, name)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if dir, ok := strings.CutSuffix(rel, "index.html"); ok && (dir == "" || strings.HasSuffix(dir, "/")) {
			urls = append(urls, strings.TrimSuffix(path.Join(base, dir), "/")+"/")
			return nil
		}
		urls = append(urls, path.Join(base, rel))
		return nil
	})
	return urls, err
}

// index runs Pagefind over the site again after a build in place.
func (i *Incremental) index(ctx context.Context) error {
	if i.b.opts.Search {
		// Pagefind indexes a whole site; its old index goes first, so no
		// fragment of a page as it was is left behind.
		if err := os.RemoveAll(filepath.Join(i.b.opts.OutDir, "pagefind")); err != nil {
			i.ready = false
			return err
		}
		if err := indexSearch(ctx, i.b.opts.OutDir); err != nil {
			i.ready = false
			return err
		}
	}
	return nil
}

// listedBy are the front matter fields the templates select, group or
// split pages by (where, GroupByParam, taxonomies, upcoming meetings by
// date). Hugo renders a list again when a page it shows changes, but not
// when a page comes to belong in a list it did not show, as
// TestIncrementalMatchesFullBuild found.
var listedBy = []string{"aar", "date", "tema", "partnere", "pasientgrupper", "ordninger"}

// inPlace says whether Hugo can render just what depends on the changed
// files: no page was added or removed (Hugo leaves a removed page's files
// behind), no image replaced (likewise its resized copies), no term
// changed, and no page changed the lists it belongs in.
func (i *Incremental) inPlace(changes atomicdir.Changes) bool {
	if len(changes.Created) > 0 || len(changes.Removed) > 0 {
		return false
	}
	for _, name := range changes.Written {
		if top, _, _ := strings.Cut(name, "/"); slices.Contains(content.Taxonomies, top) {
			return false // a term renamed: the taxonomy page lists the terms by name, unseen by Hugo
		}
		if slices.Contains(content.ImageTypes, path.Ext(name)) {
			return false // an image replaced: built in place, the old one's resized copies stayed public
		}
		if path.Ext(name) != ".md" {
			continue // a PDF: pages link it, no list is chosen by it
		}
		now, err := os.ReadFile(filepath.Join(i.b.opts.ContentDir, filepath.FromSlash(name)))
		if err != nil {
			return false
		}
		before, ok1 := listing(changes.Before[name])
		after, ok2 := listing(now)
		if !ok1 || !ok2 || before != after {
			return false
		}
	}
	return true
}

// listing is the values of the listedBy fields in a content file's front
// matter, in a form that can be compared.
func listing(file []byte) (string, bool) {
	rest, ok := bytes.CutPrefix(file, []byte("+++\n"))
	if !ok {
		return "", false
	}
	front, _, ok := bytes.Cut(rest, []byte("\n+++"))
	if !ok {
		return "", false
	}
	var fields map[string]any
	if err := toml.Unmarshal(front, &fields); err != nil {
		return "", false
	}
	var b strings.Builder
	for _, key := range listedBy {
		fmt.Fprintf(&b, "%s=%v;", key, fields[key])
	}
	return b.String(), true
}

// Invalidate makes the next build a full one: the changes since the last
// build are not all known (the content directory was written anew).
func (i *Incremental) Invalidate() { i.ready = false }

// Close releases Hugo and the unpacked project.
func (i *Incremental) Close() { i.b.close() }
