package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/fsnotify/fsnotify"
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
type Incremental struct {
	b     *builder
	ready bool   // Hugo holds the site as the output directory shows it
	day   string // the day it was built for: a new day is a full build
	hung  bool   // b's last build hung and keeps b: the next build needs a new one
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
func (i *Incremental) Build(ctx context.Context, changes atomicdir.Changes) (whole bool, err error) {
	if err := ctx.Err(); err != nil {
		i.ready = false // these changes are not built: the next build is a full one
		return false, err
	}
	if i.hung {
		b, err := newBuilder(ctx, i.b.opts, true)
		if err != nil {
			return false, err
		}
		i.b.close()
		i.b, i.hung, i.ready = b, false, false // the new builder has no Hugo yet
	}
	defer func() { i.hung = errors.Is(err, errHung) }()
	now := i.b.opts.Clock()
	if !i.ready || i.day != today(now) || !i.inPlace(changes) {
		_, err := i.b.full(ctx, now)
		i.ready = err == nil
		i.day = today(now)
		return true, err
	}
	if len(changes.Written) == 0 {
		return false, nil
	}
	events := make([]fsnotify.Event, len(changes.Written))
	for n, name := range changes.Written {
		events[n] = fsnotify.Event{Name: filepath.Join(i.b.opts.ContentDir, filepath.FromSlash(name)), Op: fsnotify.Write}
	}
	i.b.out.begin(i.b.opts.OutDir, true)
	if err := atTime(now, func() error { return i.b.run(hugolib.BuildCfg{NoBuildLock: true}, events...) }); err != nil {
		i.ready = false
		if undoErr := i.b.out.undo(); undoErr != nil {
			return false, fmt.Errorf("%w (and the pages written before it could not all be put back: %v)", err, undoErr)
		}
		return false, err
	}
	if i.b.opts.Search {
		// Pagefind indexes a whole site; its old index goes first, so no
		// fragment of a page as it was is left behind.
		if err := os.RemoveAll(filepath.Join(i.b.opts.OutDir, "pagefind")); err != nil {
			i.ready = false
			return false, err
		}
		if err := indexSearch(ctx, i.b.opts.OutDir); err != nil {
			i.ready = false
			return false, err
		}
	}
	return false, nil
}

// listedBy are the front matter fields the templates select, group or
// split pages by (where, GroupByParam, taxonomies, upcoming meetings by
// date). Hugo renders a list again when a page it shows changes, but not
// when a page comes to belong in a list it did not show, as
// TestIncrementalMatchesFullBuild found.
var listedBy = []string{"aar", "date", "tema", "partnere", "pasientgrupper", "ordninger"}

// inPlace says whether Hugo can render just what depends on the changed
// files: no page was added or removed (Hugo leaves a removed page's files
// behind), no term changed, and no page changed the lists it belongs in.
func (i *Incremental) inPlace(changes atomicdir.Changes) bool {
	if len(changes.Created) > 0 || len(changes.Removed) > 0 {
		return false
	}
	for _, name := range changes.Written {
		if top, _, _ := strings.Cut(name, "/"); slices.Contains(content.Taxonomies, top) {
			return false // a term renamed: the taxonomy page lists the terms by name, unseen by Hugo
		}
		if path.Ext(name) != ".md" {
			continue // an image or a PDF: pages show it, no list is chosen by it
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
