// Package preview serves the editors' preview of the whole site, drafts
// included, at /forhandsvisning/. While editors look at it, it is rebuilt
// after every change to a content record (a burst gives one build), and an
// open page reloads itself when a build is done; when no editor has had it
// open for a while it rests (see restAfter). Only signed-in editors ever
// see it.
package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// Path is where the preview is served.
const Path = "/forhandsvisning/"

// A burst of saves gives one build after a quiet moment, and a steady
// stream of edits cannot put the build off for longer than maxWait.
const (
	quiet   = 50 * time.Millisecond
	maxWait = time.Second
)

// restAfter is how long the preview stays awake after an editor last had
// it open. Then it rests: it lets go of Hugo and its records (about
// 400 MiB at 10,000 pages) and builds nothing, and the next editor to open
// it waits for a build of what changed meanwhile (a full build, as Hugo
// starts anew).
const restAfter = 10 * time.Minute

// Preview builds and serves the preview.
type Preview struct {
	app     core.App
	history *history.Keeper
	clock   debounce.Clock
	builds  *debounce.Debouncer

	mu       sync.Mutex
	serving  bool  // the server runs (CLI commands build no preview)
	version  int64 // completed builds
	lastErr  error
	problems []content.Problem     // what the last build left out or mended
	rollback Rollback              // nil unless the server deploys directly
	watchers map[chan int64]string // an open page's event stream → the page's address
	awake    bool                  // an editor has looked within restAfter, or has a page open
	seen     time.Time             // when an editor last looked
	rest     debounce.Timer        // puts the preview to rest restAfter after seen
	changes  int64                 // counts the changes, the server's start among them
	built    int64                 // the changes the last finished build read
	woken    int64                 // the changes before the preview last woke: shown only once built
	done     *sync.Cond            // on mu: a build finished, or the preview stopped

	buildMu sync.Mutex         // one Build at a time
	site    *site.Incremental  // Hugo, kept between builds
	synced  *content.SyncedDir // the content directory as the last build wrote it
	records *records.Cache     // the records the last build read
}

// Register builds the preview when the server starts and after every
// change to a content record, and adds its routes. The clock times the
// builds and is the build's "now".
func Register(app core.App, keeper *history.Keeper, clock debounce.Clock) *Preview {
	p := &Preview{app: app, history: keeper, clock: clock, watchers: map[chan int64]string{}, records: records.NewCache(app)}
	p.done = sync.NewCond(&p.mu)
	p.builds = debounce.New(debounce.Config{Quiet: quiet, MaxWait: maxWait, Clock: clock}, p.run)
	changed := func(e *core.RecordEvent) error {
		p.Changed()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(history.Collections...).BindFunc(changed)
	app.OnRecordAfterUpdateSuccess(history.Collections...).BindFunc(changed)
	app.OnRecordAfterDeleteSuccess(history.Collections...).BindFunc(changed)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		p.routes(se)
		p.Start()
		return se.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		p.Stop()
		return e.Next()
	})
	return p
}

// Start serves the preview from here on; the server calls it when it
// starts. It rests until an editor opens it (Wake): what changed while the
// server was down is built then.
func (p *Preview) Start() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.serving = true
	p.changes++
}

// Wake is an editor looking at the preview: a request for a page of it.
// An awake preview builds after every change. Waking a resting one
// returns when every change saved before it is built, so that the first
// page shown is not older than the editor's last save; a request while it
// wakes waits for the same build, and no later one.
func (p *Preview) Wake() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.serving {
		return
	}
	p.seen = p.clock.Now()
	p.restLater()
	if !p.awake {
		p.awake, p.woken = true, p.changes
		if p.built < p.woken {
			// Now, not after the quiet period; this request waits for
			// this build only, not for the ones after it.
			p.builds.Trigger()
			go p.builds.Flush()
		}
	}
	for p.serving && p.built < p.woken {
		p.done.Wait()
	}
}

// restLater sets the timer that puts the preview to rest restAfter from
// now. p.mu is held.
func (p *Preview) restLater() {
	if p.rest != nil {
		p.rest.Stop()
	}
	if p.serving {
		p.rest = p.clock.AfterFunc(restAfter, p.toRest)
	}
}

// toRest lets go of Hugo and the records, unless an editor has a page
// open or has looked since the timer was set.
func (p *Preview) toRest() {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	p.mu.Lock()
	if !p.awake || len(p.watchers) > 0 || p.clock.Now().Sub(p.seen) < restAfter {
		p.mu.Unlock()
		return
	}
	p.awake = false
	p.mu.Unlock()
	p.release()
}

// Awake says whether the preview builds after every change.
func (p *Preview) Awake() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.awake
}

// Stop cancels a scheduled build, waits for a running one, and refuses
// new ones: the database is about to close.
func (p *Preview) Stop() {
	p.mu.Lock()
	p.serving, p.awake = false, false
	if p.rest != nil {
		p.rest.Stop()
	}
	p.done.Broadcast()
	p.mu.Unlock()
	p.builds.Stop()
	p.closeSite()
}

func (p *Preview) dir() string     { return filepath.Join(p.app.DataDir(), "forhandsvisning") }
func (p *Preview) content() string { return filepath.Join(p.dir(), "content") }
func (p *Preview) public() string  { return filepath.Join(p.dir(), "public") }

// Changed schedules a build after a short quiet period, so a burst of
// saves gives one build; a change during a build gives one more after it.
// While the preview rests, a change is only counted, for its next Wake.
func (p *Preview) Changed() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.serving {
		return
	}
	p.changes++
	if p.awake {
		p.builds.Trigger()
	}
}

// run builds if the preview is awake; the build tells the open pages.
func (p *Preview) run() {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	p.mu.Lock()
	awake := p.awake
	p.mu.Unlock()
	if !awake {
		return // gone to rest since the change: its Wake builds it
	}
	err := p.build(context.Background())
	p.mu.Lock()
	defer p.mu.Unlock()
	p.lastErr = err
}

// announce counts a build done and tells the open pages to reload, except
// those showing one of the addresses in shown.
func (p *Preview) announce(shown []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.version++
	for w, page := range p.watchers {
		if slices.Contains(shown, page) {
			continue
		}
		// The page has room for one version: a newer one replaces one
		// not read yet, so the last build is never the one left out.
		select {
		case w <- p.version:
		default:
			select {
			case <-w:
			default:
			}
			w <- p.version
		}
	}
}

// openPages are the addresses of the pages editors have open.
func (p *Preview) openPages() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var open []string
	for _, page := range p.watchers {
		if page != "" && !slices.Contains(open, page) {
			open = append(open, page)
		}
	}
	return open
}

// Build exports every record, drafts included, and builds the preview:
// the whole site the first time, then only the pages that depend on the
// files that changed. A draft that cannot be built is left out, and its
// address shows why (see Problems). A failed build leaves the previous
// preview as it was.
func (p *Preview) Build(ctx context.Context) error {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	return p.build(ctx)
}

// build is Build with p.buildMu held. Whether it succeeds or fails, it
// counts the changes it read as built, for those waiting in Wake.
func (p *Preview) build(ctx context.Context) error {
	p.mu.Lock()
	read := p.changes // every change counted so far is in the database
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.built = max(p.built, read)
		p.done.Broadcast()
		p.mu.Unlock()
	}()
	tree, problems, err := p.records.LoadPreview(p.app, p.clock.Now())
	if err != nil {
		return fmt.Errorf("forhåndsvisningen: %w", err)
	}
	// A page Hugo cannot build is left out, and the preview built again.
	left, err := site.LeaveOutFailing(tree, func() error { return p.buildTree(ctx, tree) })
	problems = append(problems, left...)
	p.mu.Lock()
	p.problems = problems
	p.mu.Unlock()
	if err != nil {
		p.app.Logger().Error("Forhåndsvisningen kunne ikke bygges", "error", err)
		return fmt.Errorf("forhåndsvisningen: %w", err)
	}
	return nil
}

// buildTree writes the tree's changed files and builds the preview: first
// the pages that changed and the ones editors have open, which then
// reload, then the other pages that show the change (lists, the sitemap),
// after which a page opened in the meantime reloads.
func (p *Preview) buildTree(ctx context.Context, tree *content.Tree) error {
	if err := os.MkdirAll(p.dir(), 0o755); err != nil {
		return err
	}
	if p.synced == nil {
		p.synced = &content.SyncedDir{Dir: p.content()}
	}
	changes, anew, err := p.synced.Sync(tree)
	if (err != nil || anew) && p.site != nil {
		// The directory was written anew, or partly: what changed since
		// Hugo's last build is not known.
		p.site.Invalidate()
	}
	if err != nil {
		return fmt.Errorf("write the content: %w", err)
	}
	if p.site == nil {
		p.site, err = site.NewIncremental(site.Options{ContentDir: p.content(), OutDir: p.public(), BaseURL: Path, Preview: true, FastRender: true, Clock: p.clock.Now})
		if err != nil {
			return err
		}
	}
	open := p.openPages()
	whole, err := p.site.Build(ctx, changes, open...)
	if err != nil {
		return err
	}
	p.announce(nil)
	if whole {
		return nil
	}
	if err := p.site.Rest(ctx); err != nil {
		return err
	}
	p.announce(open)
	return nil
}

// closeSite lets go of the Hugo kept between builds.
func (p *Preview) closeSite() {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	p.release()
}

// release lets go of Hugo, the records and the encoded content kept
// between builds; the files on disk stay, and the next build is a full
// one. p.buildMu is held.
func (p *Preview) release() {
	if p.site != nil {
		p.site.Close()
		p.site = nil
	}
	p.synced = nil
	p.records.Reset()
}

// Problems are what the last build left out or mended, and why.
func (p *Preview) Problems() []content.Problem {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.problems
}

// Version grows with every build: by one for a full build, by two for an
// edit (its own pages, then the rest).
func (p *Preview) Version() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.version
}

// Wait blocks until no build is running or scheduled, and returns the
// last build's error.
func (p *Preview) Wait() error {
	p.builds.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lastErr
}

// watch returns a channel that receives the version after each build that
// the page at address (empty if unknown) is to reload for.
func (p *Preview) watch(address string) (chan int64, func()) {
	ch := make(chan int64, 1)
	p.mu.Lock()
	p.watchers[ch] = address
	p.mu.Unlock()
	return ch, func() {
		p.mu.Lock()
		delete(p.watchers, ch)
		// The preview rests restAfter after the last page closes.
		p.seen = p.clock.Now()
		p.restLater()
		p.mu.Unlock()
	}
}
