package debounce_test

import (
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
)

var start = time.Date(2026, 6, 5, 12, 0, 0, 0, time.UTC)

const (
	quiet   = 50 * time.Millisecond
	maxWait = time.Second
)

// runs records when the function under test ran, by the fake clock.
type runs struct {
	clock *debounce.Fake
	mu    sync.Mutex
	at    []time.Duration // since start
}

func (r *runs) run() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, r.clock.Now().Sub(start))
}

func (r *runs) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.at)
}

func newDebouncer(maxWait time.Duration) (*debounce.Debouncer, *debounce.Fake, *runs) {
	clock := debounce.NewFake(start)
	r := &runs{clock: clock}
	return debounce.New(debounce.Config{Quiet: quiet, MaxWait: maxWait, Clock: clock}, r.run), clock, r
}

func TestBurstRunsOnceAfterQuietPeriod(t *testing.T) {
	scenarios := []struct {
		name    string
		gaps    []time.Duration // between triggers
		maxWait time.Duration
		want    []time.Duration // run times since start
	}{
		{"one trigger", nil, 0, []time.Duration{quiet}},
		{"a burst", []time.Duration{0, 0, 0}, 0, []time.Duration{quiet}},
		{"each trigger restarts the quiet period", []time.Duration{quiet - time.Millisecond, quiet - time.Millisecond}, 0,
			[]time.Duration{3*quiet - 2*time.Millisecond}},
		{"a quiet period between two bursts", []time.Duration{0, quiet, 0}, 0, []time.Duration{quiet, 2 * quiet}},
		{"maxWait caps a steady stream", slices.Repeat([]time.Duration{40 * time.Millisecond}, 50), maxWait,
			[]time.Duration{maxWait, 2 * maxWait, 50*40*time.Millisecond + quiet}},
		{"without maxWait a steady stream waits", slices.Repeat([]time.Duration{40 * time.Millisecond}, 50), 0,
			[]time.Duration{50*40*time.Millisecond + quiet}},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			d, clock, r := newDebouncer(s.maxWait)
			d.Trigger()
			for _, gap := range s.gaps {
				clock.Advance(gap)
				d.Trigger()
			}
			clock.Advance(time.Hour)
			if !slices.Equal(r.at, s.want) {
				t.Errorf("ran at %v; want %v", r.at, s.want)
			}
		})
	}
}

// TestTriggerDuringRunRunsOnceMore: triggers while the function runs give
// one more run after it, never two runs at once.
func TestTriggerDuringRunRunsOnceMore(t *testing.T) {
	clock := debounce.NewFake(start)
	started := make(chan struct{}, 1)
	release := make(chan struct{})
	var n, running, overlap atomic.Int32
	d := debounce.New(debounce.Config{Quiet: quiet, Clock: clock}, func() {
		if running.Add(1) > 1 {
			overlap.Add(1)
		}
		if n.Add(1) == 1 {
			started <- struct{}{}
			<-release
		}
		running.Add(-1)
	})
	d.Trigger()
	first := make(chan struct{})
	go func() {
		clock.Advance(quiet) // runs the first run, which waits for release
		close(first)
	}()
	<-started
	for range 3 {
		d.Trigger()
	}
	clock.Advance(quiet) // the second run comes due while the first runs
	close(release)
	<-first
	d.Wait()
	clock.Advance(time.Hour)
	if got := n.Load(); got != 2 {
		t.Errorf("%d runs; want 2 (one, then one for the triggers during it)", got)
	}
	if overlap.Load() > 0 {
		t.Error("two runs at the same time")
	}
}

func TestFlushRunsNow(t *testing.T) {
	d, clock, r := newDebouncer(0)
	d.Flush()
	if r.count() != 0 {
		t.Fatalf("Flush with nothing scheduled ran %d times; want 0", r.count())
	}
	d.Trigger()
	d.Flush()
	if !slices.Equal(r.at, []time.Duration{0}) {
		t.Fatalf("ran at %v after Flush; want once, at once", r.at)
	}
	clock.Advance(time.Hour)
	if r.count() != 1 {
		t.Errorf("%d runs; want 1: Flush cancels the timer", r.count())
	}
}

func TestStop(t *testing.T) {
	d, clock, r := newDebouncer(0)
	d.Trigger()
	d.Stop()
	d.Trigger()
	clock.Advance(time.Hour)
	if r.count() != 0 {
		t.Errorf("%d runs after Stop; want 0", r.count())
	}
	d.Wait() // returns: nothing is scheduled
}

// TestStopWaitsForRun: Stop returns only after a running run has ended.
func TestStopWaitsForRun(t *testing.T) {
	clock := debounce.NewFake(start)
	started := make(chan struct{})
	release := make(chan struct{})
	var ended atomic.Bool
	d := debounce.New(debounce.Config{Quiet: quiet, Clock: clock}, func() {
		if !ended.Load() {
			close(started)
			<-release
		}
		ended.Store(true)
	})
	d.Trigger()
	go clock.Advance(quiet)
	<-started
	d.Trigger() // a second run, which Stop cancels
	stopped := make(chan bool)
	go func() {
		d.Stop()
		stopped <- ended.Load()
	}()
	for clock.Timers() > 0 { // Stop has begun: it cancelled the timer
		runtime.Gosched()
	}
	close(release)
	if !<-stopped {
		t.Error("Stop returned while the run was still running")
	}
}

// TestWaitReturnsAfterRun: Wait blocks while a run is scheduled and
// returns once it has run.
func TestWaitReturnsAfterRun(t *testing.T) {
	d, clock, r := newDebouncer(0)
	d.Trigger()
	done := make(chan int)
	go func() {
		d.Wait()
		done <- r.count()
	}()
	clock.Advance(quiet)
	if got := <-done; got != 1 {
		t.Errorf("Wait returned after %d runs; want 1", got)
	}
}

// TestSystemClock runs on the real clock: Wait is the event a test waits
// for, not a sleep. The quiet period is long beside three calls in a row,
// even on a busy machine.
func TestSystemClock(t *testing.T) {
	var n atomic.Int32
	d := debounce.New(debounce.Config{Quiet: 200 * time.Millisecond, Clock: debounce.System()}, func() { n.Add(1) })
	for range 3 {
		d.Trigger()
	}
	d.Wait()
	if got := n.Load(); got != 1 {
		t.Errorf("%d runs for a burst; want 1", got)
	}
}

// TestFakeCallsInOrder: Advance calls the timers due, in the order they
// are due, with the clock showing each one's time, including a timer set
// by one of them; a stopped timer is not called.
func TestFakeCallsInOrder(t *testing.T) {
	clock := debounce.NewFake(start)
	var calls []string
	at := func(name string) func() {
		return func() { calls = append(calls, name+"@"+clock.Now().Sub(start).String()) }
	}
	clock.AfterFunc(2*time.Second, at("b"))
	clock.AfterFunc(time.Second, func() {
		at("a")()
		clock.AfterFunc(500*time.Millisecond, at("a+"))
	})
	stopped := clock.AfterFunc(1500*time.Millisecond, at("stopped"))
	clock.AfterFunc(time.Hour, at("later"))
	if !stopped.Stop() || stopped.Stop() {
		t.Error("Stop reports wrongly whether it stopped the timer")
	}
	clock.Advance(3 * time.Second)
	want := []string{"a@1s", "a+@1.5s", "b@2s"}
	if !slices.Equal(calls, want) {
		t.Errorf("calls %v; want %v", calls, want)
	}
	if got := clock.Now().Sub(start); got != 3*time.Second {
		t.Errorf("clock at %v after Advance(3s); want 3s", got)
	}
}
