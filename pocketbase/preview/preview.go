// Package preview serves the editors' preview of the whole site, drafts
// included, at /forhandsvisning/. It is rebuilt after every change to a
// content record (a burst gives one build), an open page reloads itself
// when a build is done, and only signed-in editors ever see it.
package preview

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// Path is where the preview is served.
const Path = "/forhandsvisning/"

// maxWait is the longest a change waits for its build while more changes
// keep coming.
const maxWait = time.Second

// Preview builds and serves the preview.
type Preview struct {
	app     core.App
	history *history.Keeper
	quiet   time.Duration

	mu        sync.Mutex
	timer     *time.Timer
	scheduled bool      // the timer is set and has not fired
	since     time.Time // when the first change of a scheduled build came
	serving   bool      // the server runs (CLI commands build no preview)
	stopped   bool      // the app is shutting down: no more builds
	pending   bool      // a change came in while a build ran
	building  bool
	version   int64 // completed builds
	lastErr   error
	watchers  map[chan int64]struct{}
	idle      *sync.Cond // signalled when a build ends

	buildMu sync.Mutex        // one Build at a time
	site    *site.Incremental // Hugo, kept between builds
	files   map[string][]byte // the content files the last build wrote
}

// Register builds the preview when the server starts and after every
// change to a content record, and adds its routes.
func Register(app core.App, keeper *history.Keeper) *Preview {
	p := &Preview{app: app, history: keeper, quiet: 50 * time.Millisecond, watchers: map[chan int64]struct{}{}}
	p.idle = sync.NewCond(&p.mu)
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

// Start builds the preview now and after every change from here on; the
// server calls it when it starts.
func (p *Preview) Start() {
	p.mu.Lock()
	p.serving = true
	p.mu.Unlock()
	p.Changed()
}

// Stop cancels a scheduled build, waits for a running one, and refuses
// new ones: the database is about to close.
func (p *Preview) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stopped = true
	if p.timer != nil && p.timer.Stop() {
		p.scheduled = false
		p.idle.Broadcast() // a Wait for the cancelled build
	}
	for p.building {
		p.idle.Wait()
	}
	p.closeSite()
}

func (p *Preview) dir() string     { return filepath.Join(p.app.DataDir(), "forhandsvisning") }
func (p *Preview) content() string { return filepath.Join(p.dir(), "content") }
func (p *Preview) public() string  { return filepath.Join(p.dir(), "public") }

// Changed schedules a build after a short quiet period, so a burst of
// saves gives one build.
func (p *Preview) Changed() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped || !p.serving {
		return
	}
	if p.building {
		p.pending = true
		return
	}
	if !p.scheduled {
		p.since = time.Now()
	} else if time.Since(p.since) > maxWait {
		return // a steady stream of edits must not put the build off for ever
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.scheduled = true
	p.timer = time.AfterFunc(p.quiet, p.run)
}

// run builds until no change is left over, one build at a time.
func (p *Preview) run() {
	p.mu.Lock()
	p.scheduled = false
	if p.stopped {
		p.idle.Broadcast()
		p.mu.Unlock()
		return
	}
	if p.building {
		p.pending = true
		p.mu.Unlock()
		return
	}
	p.building = true
	p.mu.Unlock()

	for {
		err := p.Build(context.Background())
		p.mu.Lock()
		p.lastErr = err
		if err == nil {
			p.version++
			for w := range p.watchers {
				select {
				case w <- p.version:
				default:
				}
			}
		}
		again := p.pending && !p.stopped
		p.pending = false
		if !again {
			p.building = false
			p.idle.Broadcast()
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
	}
}

// Build exports every record, drafts included, and builds the preview:
// the whole site the first time, then only the pages that depend on the
// files that changed. A failed build leaves the previous preview as it was.
func (p *Preview) Build(ctx context.Context) error {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	tree, err := records.LoadPreview(p.app)
	if err != nil {
		return fmt.Errorf("forhåndsvisningen: %w", err)
	}
	if err := os.MkdirAll(p.dir(), 0o755); err != nil {
		return err
	}
	fresh := p.files == nil
	changes, files, err := tree.Sync(p.content(), p.files)
	p.files = files
	if (err != nil || fresh) && p.site != nil {
		// The directory was written anew, or partly: what changed since
		// Hugo's last build is not known.
		p.site.Invalidate()
	}
	if err != nil {
		p.app.Logger().Error("Forhåndsvisningen kunne ikke skrive innholdet", "error", err)
		return fmt.Errorf("forhåndsvisningen: %w", err)
	}
	if p.site == nil {
		p.site, err = site.NewIncremental(site.Options{ContentDir: p.content(), OutDir: p.public(), BaseURL: Path, Preview: true, Clock: time.Now})
		if err != nil {
			return fmt.Errorf("forhåndsvisningen: %w", err)
		}
	}
	if _, err := p.site.Build(ctx, changes); err != nil {
		p.app.Logger().Error("Forhåndsvisningen kunne ikke bygges", "error", err)
		return fmt.Errorf("forhåndsvisningen: %w", err)
	}
	return nil
}

// closeSite lets go of the Hugo kept between builds.
func (p *Preview) closeSite() {
	p.buildMu.Lock()
	defer p.buildMu.Unlock()
	if p.site != nil {
		p.site.Close()
		p.site = nil
	}
}

// Version is the number of builds done; it grows by one per build.
func (p *Preview) Version() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.version
}

// Wait blocks until no build is running or scheduled, and returns the
// last build's error.
func (p *Preview) Wait() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.building || p.scheduled {
		p.idle.Wait()
	}
	return p.lastErr
}

// watch returns a channel that receives the version after each build.
func (p *Preview) watch() (chan int64, func()) {
	ch := make(chan int64, 1)
	p.mu.Lock()
	p.watchers[ch] = struct{}{}
	p.mu.Unlock()
	return ch, func() {
		p.mu.Lock()
		delete(p.watchers, ch)
		p.mu.Unlock()
	}
}
