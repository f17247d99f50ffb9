// Package debounce gathers a burst of events into one run of a function:
// the preview's build, the Netlify build hook and the scheduler's search
// for its next time all wait for a quiet moment this way. The clock is
// passed in, so tests move time on themselves instead of sleeping.
package debounce

import (
	"sync"
	"time"
)

// Config says when a Debouncer runs.
type Config struct {
	Quiet time.Duration // run this long after the last Trigger
	// MaxWait caps the wait from the first Trigger of a burst, so a steady
	// stream of triggers cannot put the run off for ever; 0 means no cap.
	MaxWait time.Duration
	Clock   Clock
}

// Debouncer runs a function once after a burst of triggers, and never
// twice at the same time: a run that comes due while one is running
// starts when that one ends.
type Debouncer struct {
	cfg Config
	run func()

	mu        sync.Mutex
	idle      *sync.Cond // signalled when a run ends or is cancelled
	timer     Timer
	gen       int       // counts timers set, so a timer replaced or cancelled does nothing
	scheduled bool      // the timer is set and has not fired
	since     time.Time // the first trigger of the scheduled run
	pending   bool      // a run is due and waits for the running one
	running   bool
	stopped   bool
}

// New returns a Debouncer that calls run. It panics without a clock.
func New(cfg Config, run func()) *Debouncer {
	if cfg.Clock == nil {
		panic("debounce: no clock")
	}
	d := &Debouncer{cfg: cfg, run: run}
	d.idle = sync.NewCond(&d.mu)
	return d
}

// Trigger schedules a run after the quiet period, or moves the scheduled
// one back to a quiet period from now (but not past MaxWait from the
// burst's first trigger). After Stop it does nothing.
func (d *Debouncer) Trigger() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	now := d.cfg.Clock.Now()
	if d.scheduled {
		d.timer.Stop()
	} else {
		d.scheduled = true
		d.since = now
	}
	wait := d.cfg.Quiet
	if d.cfg.MaxWait > 0 {
		wait = min(wait, max(d.since.Add(d.cfg.MaxWait).Sub(now), 0))
	}
	d.gen++
	gen := d.gen
	d.timer = d.cfg.Clock.AfterFunc(wait, func() { d.fire(gen) })
}

// fire starts the run the timer of generation gen scheduled.
func (d *Debouncer) fire(gen int) {
	d.mu.Lock()
	if gen != d.gen || !d.scheduled {
		d.mu.Unlock()
		return // replaced or cancelled after it had fired
	}
	d.scheduled = false
	d.pending = true
	if d.running {
		d.mu.Unlock()
		return // the running loop takes it
	}
	d.drain()
}

// drain runs while a run is due. It is called with d.mu held and returns
// with it released.
func (d *Debouncer) drain() {
	d.running = true
	for d.pending && !d.stopped {
		d.pending = false
		d.mu.Unlock()
		d.run()
		d.mu.Lock()
	}
	d.running = false
	d.idle.Broadcast()
	d.mu.Unlock()
}

// Flush runs a scheduled run now instead of after the quiet period, and
// returns when no run is due or running.
func (d *Debouncer) Flush() {
	d.mu.Lock()
	if d.scheduled {
		d.cancel()
		d.pending = true
	}
	if d.pending && !d.running && !d.stopped {
		d.drain()
		return
	}
	for d.running {
		d.idle.Wait()
	}
	d.mu.Unlock()
}

// Stop cancels a scheduled run, waits for a running one, and makes every
// later Trigger do nothing.
func (d *Debouncer) Stop() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stopped = true
	d.pending = false
	if d.scheduled {
		d.cancel()
	}
	d.idle.Broadcast()
	for d.running {
		d.idle.Wait()
	}
}

// cancel stops the timer; d.mu is held.
func (d *Debouncer) cancel() {
	d.timer.Stop()
	d.gen++
	d.scheduled = false
}

// Wait blocks until no run is scheduled, due or running.
func (d *Debouncer) Wait() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for d.scheduled || d.pending || d.running {
		d.idle.Wait()
	}
}
