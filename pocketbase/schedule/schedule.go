// Package schedule publishes drafts at their publiser_fra time and takes
// published records down at their avpubliser_fra time. A timer is set for
// the next due time and set again after every change to a publishable
// record; a cron job each minute is the safety net (a changed clock, a
// missed timer).
package schedule

import (
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Apply makes every due transition at now and says how many records it
// published and unpublished. Each change is an ordinary save, so hooks
// (history, publishing to Netlify) see it.
func Apply(app core.App, now time.Time) (published, unpublished int, err error) {
	at, _ := types.ParseDateTime(now)
	for _, name := range schema.Publishable {
		due, err := app.FindRecordsByFilter(name,
			"status = 'utkast' && publiser_fra != '' && publiser_fra <= {:now}", "", 0, 0, dbx.Params{"now": at.String()})
		if err != nil {
			return published, unpublished, fmt.Errorf("find drafts due in %s: %w", name, err)
		}
		for _, r := range due {
			r.Set(schema.FieldStatus, schema.StatusPublished)
			r.Set(schema.FieldPublishAt, "")
			if err := app.Save(r); err != nil {
				return published, unpublished, fmt.Errorf("publish %s %s: %w", name, r.Id, err)
			}
			published++
		}

		expired, err := app.FindRecordsByFilter(name,
			"status = 'publisert' && avpubliser_fra != '' && avpubliser_fra <= {:now}", "", 0, 0, dbx.Params{"now": at.String()})
		if err != nil {
			return published, unpublished, fmt.Errorf("find expired records in %s: %w", name, err)
		}
		for _, r := range expired {
			r.Set(schema.FieldStatus, schema.StatusDraft)
			r.Set(schema.FieldUnpublishAt, "")
			if err := app.Save(r); err != nil {
				return published, unpublished, fmt.Errorf("unpublish %s %s: %w", name, r.Id, err)
			}
			unpublished++
		}
	}
	return published, unpublished, nil
}

// Next returns the earliest scheduled time after now, if there is one.
func Next(app core.App, now time.Time) (time.Time, bool, error) {
	at, _ := types.ParseDateTime(now)
	var next time.Time
	for _, name := range schema.Publishable {
		for _, q := range []struct{ field, filter string }{
			{schema.FieldPublishAt, "status = 'utkast' && publiser_fra > {:now}"},
			{schema.FieldUnpublishAt, "status = 'publisert' && avpubliser_fra > {:now}"},
		} {
			recs, err := app.FindRecordsByFilter(name, q.filter, q.field, 1, 0, dbx.Params{"now": at.String()})
			if err != nil {
				return time.Time{}, false, fmt.Errorf("find scheduled records in %s: %w", name, err)
			}
			if len(recs) == 1 {
				t := recs[0].GetDateTime(q.field).Time()
				if next.IsZero() || t.Before(next) {
					next = t
				}
			}
		}
	}
	return next, !next.IsZero(), nil
}

// rearmDelay gathers a burst of changes (an import, a bulk edit) into one
// search for the next due time.
const rearmDelay = 50 * time.Millisecond

// Scheduler keeps one timer set for the next due time.
type Scheduler struct {
	app      core.App
	mu       sync.Mutex
	timer    *time.Timer
	serving  bool // the server runs; CLI commands set no timers
	rearming bool // a re-arm after a change is on its way
}

// Register starts the scheduler when the server starts.
func Register(app core.App) *Scheduler {
	s := &Scheduler{app: app}
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		s.Start()
		return e.Next()
	})
	app.Cron().MustAdd("ssu-schedule", "* * * * *", s.Run)
	rearm := func(e *core.RecordEvent) error {
		s.changed()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(schema.Publishable...).BindFunc(rearm)
	app.OnRecordAfterUpdateSuccess(schema.Publishable...).BindFunc(rearm)
	app.OnRecordAfterDeleteSuccess(schema.Publishable...).BindFunc(rearm)
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		s.Stop()
		return e.Next()
	})
	return s
}

// Start makes what is due now and keeps the timer set from here on; the
// server calls it when it starts.
func (s *Scheduler) Start() {
	s.mu.Lock()
	s.serving = true
	s.mu.Unlock()
	s.Run()
}

// Run makes the transitions that are due and sets the timer for the next.
func (s *Scheduler) Run() {
	if p, u, err := Apply(s.app, time.Now()); err != nil {
		s.app.Logger().Error("Planlagt publisering feilet", "error", err)
	} else if p+u > 0 {
		s.app.Logger().Info("Planlagt publisering", "publisert", p, "avpublisert", u)
	}
	s.Arm()
}

// Arm sets the timer for the next scheduled time, replacing any earlier one.
func (s *Scheduler) Arm() {
	next, ok, err := Next(s.app, time.Now())
	if err != nil {
		s.app.Logger().Error("Kunne ikke finne neste planlagte publisering", "error", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if ok {
		s.timer = time.AfterFunc(time.Until(next), s.Run)
	}
}

// changed re-arms the timer shortly after a change to a publishable record.
// Searching on every save made a 10,000-record import quadratic.
func (s *Scheduler) changed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.serving || s.rearming {
		return
	}
	s.rearming = true
	time.AfterFunc(rearmDelay, func() {
		s.mu.Lock()
		s.rearming = false
		serving := s.serving
		s.mu.Unlock()
		if serving {
			s.Arm()
		}
	})
}

// Stop cancels the timer.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.serving = false
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}
