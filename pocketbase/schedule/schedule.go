// Package schedule makes the changes to the public site that come with
// time rather than with a save: it publishes drafts at their publiser_fra
// time, takes published records down at their avpubliser_fra time, and
// asks for a rebuild when a partnership meeting's day is over, so the site
// never names a meeting that has taken place as the next one. A timer is
// set for the next such time and set again after every burst of changes
// to publishable records; a cron job each minute is the safety net (a
// changed clock, a missed timer).
package schedule

import (
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Apply makes every due transition at now and says how many records it
// published and unpublished. Each change is an ordinary save, so hooks
// (history, publishing to Netlify) see it.
func Apply(app core.App, now time.Time) (published, unpublished int, err error) {
	at, _ := types.ParseDateTime(now)
	for _, name := range schema.Publishable {
		due, err := app.FindRecordsByFilter(name,
			waiting()+" && publiser_fra != '' && publiser_fra <= {:now}", "", 0, 0, dbx.Params{"now": at.String()})
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

// waiting is the filter for the records that go public at their
// publiser_fra: those approved (or published alone) that wait for their
// time, and, while approval is not required (schema.ApprovalRequired),
// every draft that is not a working copy. A working copy saved as
// published is set on its live record (pocketbase/workflow).
func waiting() string {
	approved := "(status = 'klar' && (godkjent_av != '' || uten_godkjenning != ''))"
	if schema.ApprovalRequired() {
		return approved
	}
	return "(" + approved + " || (arbeidskopi_av = '' && status != 'publisert'))"
}

// Next returns the earliest time after now at which the public site
// changes by itself: a scheduled publication or takedown, or the end of a
// published partnership meeting's day (content.MeetingOver).
func Next(app core.App, now time.Time) (time.Time, bool, error) {
	at, _ := types.ParseDateTime(now)
	var next time.Time
	earliest := func(t time.Time) {
		if t.After(now) && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, name := range schema.Publishable {
		for _, q := range []struct{ field, filter string }{
			{schema.FieldPublishAt, waiting() + " && publiser_fra > {:now}"},
			{schema.FieldUnpublishAt, "status = 'publisert' && avpubliser_fra > {:now}"},
		} {
			recs, err := app.FindRecordsByFilter(name, q.filter, q.field, 1, 0, dbx.Params{"now": at.String()})
			if err != nil {
				return time.Time{}, false, fmt.Errorf("find scheduled records in %s: %w", name, err)
			}
			if len(recs) == 1 {
				earliest(recs[0].GetDateTime(q.field).Time())
			}
		}
	}
	meetings, err := publicMeetings(app, now)
	if err != nil {
		return time.Time{}, false, err
	}
	for _, m := range meetings {
		earliest(m.over)
	}
	return next, !next.IsZero(), nil
}

type meeting struct {
	title string
	over  time.Time // when the site shows it as past
}

// publicMeetings lists the partnership meetings on the public site at now;
// there is one a year.
func publicMeetings(app core.App, now time.Time) ([]meeting, error) {
	recs, err := app.FindRecordsByFilter(schema.Meetings, schema.LiveFilter, "", 0, 0, dbx.Params{"now": schema.NowParam(now)})
	if err != nil {
		return nil, fmt.Errorf("find partnership meetings: %w", err)
	}
	var meetings []meeting
	for _, r := range recs {
		date := r.GetDateTime(schema.FieldMeetingDate).Time()
		if date.IsZero() {
			continue
		}
		meetings = append(meetings, meeting{r.GetString(schema.FieldTitle), content.MeetingOver(content.NewDate(date))})
	}
	return meetings, nil
}

// rearmDelay gathers a burst of changes (an import, a bulk edit) into one
// search for the next due time: the search follows the first change of a
// burst by this much.
const rearmDelay = 50 * time.Millisecond

// Scheduler keeps one timer set for the next due time.
type Scheduler struct {
	app     core.App
	clock   debounce.Clock
	changed func(reason string)
	rearm   *debounce.Debouncer

	mu      sync.Mutex
	timer   debounce.Timer
	serving bool      // the server runs; CLI commands set no timers
	checked time.Time // meetings that ended by then have been announced
}

// Register starts the scheduler when the server starts. The clock is the
// time it goes by; changed is told of a change to the public site that no
// save makes (a partnership meeting's day is over), to rebuild the site
// and the preview.
func Register(app core.App, clock debounce.Clock, changed func(reason string)) *Scheduler {
	s := &Scheduler{app: app, clock: clock, changed: changed}
	s.rearm = debounce.New(debounce.Config{Quiet: rearmDelay, MaxWait: rearmDelay, Clock: clock}, func() {
		s.mu.Lock()
		serving := s.serving
		s.mu.Unlock()
		if serving {
			s.Arm()
		}
	})
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		s.Start()
		return e.Next()
	})
	app.Cron().MustAdd("ssu-schedule", "* * * * *", s.Run)
	rearm := func(e *core.RecordEvent) error {
		s.saved()
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
// server calls it when it starts. A meeting whose day ended since the last
// publication Netlify took (while the server was down, say) is announced
// now, since the public site was built before it.
func (s *Scheduler) Start() {
	s.mu.Lock()
	s.serving = true
	s.checked = s.lastPublication()
	s.mu.Unlock()
	s.Run()
}

// lastPublication is when the public site was last built or deployed, or now
// if it never was.
func (s *Scheduler) lastPublication() time.Time {
	recs, err := s.app.FindRecordsByFilter(schema.Publications, "status = {:sent} || status = {:live}", "-created", 1, 0,
		dbx.Params{"sent": schema.PublicationSent, "live": schema.PublicationLive})
	if err != nil || len(recs) == 0 {
		return s.clock.Now()
	}
	return recs[0].GetDateTime("created").Time()
}

// Run makes the transitions that are due, announces the meetings that
// ended since the last run, and sets the timer for the next.
func (s *Scheduler) Run() {
	now := s.clock.Now()
	if p, u, err := Apply(s.app, now); err != nil {
		s.app.Logger().Error("Planlagt publisering feilet", "error", err)
	} else if p+u > 0 {
		s.app.Logger().Info("Planlagt publisering", "publisert", p, "avpublisert", u)
	}
	s.announce(now)
	s.Arm()
}

// announce tells of the meetings whose day ended after the last check and
// by now.
func (s *Scheduler) announce(now time.Time) {
	s.mu.Lock()
	since, serving := s.checked, s.serving
	if serving && now.After(since) {
		s.checked = now
	}
	s.mu.Unlock()
	if !serving || !now.After(since) {
		return
	}
	meetings, err := publicMeetings(s.app, now)
	if err != nil {
		s.app.Logger().Error("Kunne ikke finne partnerskapsmøtene", "error", err)
		return
	}
	for _, m := range meetings {
		if m.over.After(since) && !m.over.After(now) {
			s.app.Logger().Info("Partnerskapsmøtet er avholdt: nettstedet bygges på nytt", "mote", m.title)
			s.changed(fmt.Sprintf("%s «%s» er avholdt", schema.Meetings, m.title))
		}
	}
}

// Arm sets the timer for the next scheduled time, replacing any earlier
// one, while the server runs.
func (s *Scheduler) Arm() {
	now := s.clock.Now()
	next, ok, err := Next(s.app, now)
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
	if ok && s.serving {
		s.timer = s.clock.AfterFunc(next.Sub(now), s.Run)
	}
}

// saved re-arms the timer shortly after a burst of changes to publishable
// records. Searching on every save made a 10,000-record import quadratic.
func (s *Scheduler) saved() {
	s.mu.Lock()
	serving := s.serving
	s.mu.Unlock()
	if serving {
		s.rearm.Trigger()
	}
}

// Stop cancels the timers for good.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.serving = false
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	s.rearm.Stop()
}
