package schedule_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schedule"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func project(t *testing.T, app core.App, slug string, set map[string]any) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(schema.Projects)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, slug)
	r.Set(schema.FieldSlug, slug)
	r.Set(schema.FieldYear, 2026)
	for k, v := range set {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func status(t *testing.T, app core.App, id string) string {
	t.Helper()
	r, err := app.FindRecordById(schema.Projects, id)
	if err != nil {
		t.Fatal(err)
	}
	return r.GetString(schema.FieldStatus)
}

func TestApply(t *testing.T) {
	t.Setenv(schema.ApprovalSetting, "av") // every draft is published at its time
	app := pbtest.NewApp(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	due := project(t, app, "forfalt", map[string]any{"publiser_fra": now.Add(-time.Minute)})
	later := project(t, app, "senere", map[string]any{"publiser_fra": now.Add(time.Hour)})
	expired := project(t, app, "utlopt", map[string]any{"status": "publisert", "avpubliser_fra": now.Add(-time.Second)})
	plain := project(t, app, "vanlig", map[string]any{"status": "publisert"})

	published, unpublished, err := schedule.Apply(app, now)
	if err != nil {
		t.Fatal(err)
	}
	if published != 1 || unpublished != 1 {
		t.Errorf("Apply published %d and unpublished %d; want 1 and 1", published, unpublished)
	}
	for _, c := range []struct {
		r    *core.Record
		want string
	}{{due, "publisert"}, {later, "utkast"}, {expired, "utkast"}, {plain, "publisert"}} {
		if got := status(t, app, c.r.Id); got != c.want {
			t.Errorf("%s: status %q; want %q", c.r.GetString("slug"), got, c.want)
		}
	}

	next, ok, err := schedule.Next(app, now)
	if err != nil || !ok || !next.Equal(now.Add(time.Hour)) {
		t.Errorf("Next = %v, %v, %v; want %v", next, ok, err, now.Add(time.Hour))
	}
}

// TestApplyPublishesOnlyApproved: while approval is required, only a
// version a second editor approved (or one published alone with a
// reason) is published at its time; a draft, a version marked ready but
// not approved, and a working copy not approved are not. (The workflow's
// tests publish an approved working copy at its time.)
func TestApplyPublishesOnlyApproved(t *testing.T) {
	app := pbtest.NewApp(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	due := now.Add(-time.Minute)
	draft := project(t, app, "utkast", map[string]any{"publiser_fra": due})
	ready := project(t, app, "klar", map[string]any{"publiser_fra": due, "status": "klar", "klar_av": "a@example.org"})
	approved := project(t, app, "godkjent", map[string]any{"publiser_fra": due, "status": "klar", "klar_av": "a@example.org", "godkjent_av": "b@example.org"})
	alone := project(t, app, "alene", map[string]any{"publiser_fra": due, "status": "klar", "uten_godkjenning": "Må ut før møtet i dag."})
	liveOne := project(t, app, "levende", map[string]any{"status": "publisert"})
	copied := project(t, app, "levende-kopi", map[string]any{"publiser_fra": due, "status": "utkast", schema.FieldWorkingCopyOf: liveOne.Id})

	published, _, err := schedule.Apply(app, now)
	if err != nil {
		t.Fatal(err)
	}
	if published != 2 {
		t.Errorf("Apply published %d; want 2", published)
	}
	for _, c := range []struct {
		r    *core.Record
		want string
	}{{draft, "utkast"}, {ready, "klar"}, {approved, "publisert"}, {alone, "publisert"}, {copied, "utkast"}} {
		if got := status(t, app, c.r.Id); got != c.want {
			t.Errorf("%s: status %q; want %q", c.r.GetString("slug"), got, c.want)
		}
	}
}

// TestExpiredIsNeverExported: a record past its unpublish time is left out
// of the export even before the scheduler has changed its status.
func TestExpiredIsNeverExported(t *testing.T) {
	app := pbtest.NewApp(t)
	project(t, app, "utlopt", map[string]any{"status": "publisert", "avpubliser_fra": time.Now().Add(-time.Second)})
	project(t, app, "synlig", map[string]any{"status": "publisert", "avpubliser_fra": time.Now().Add(time.Hour)})
	tree, _, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Projects) != 1 || tree.Projects[0].Slug != "synlig" {
		t.Errorf("exported projects %+v; want only «synlig»", tree.Projects)
	}
}

// start is the fake clock's time when a test begins.
var start = time.Date(2026, time.June, 5, 12, 0, 0, 0, time.UTC)

// changes records what the scheduler asks to rebuild for.
type changes []string

func (c *changes) add(reason string) { *c = append(*c, reason) }

// TestTimerPublishesOnTime arms the scheduler for a draft due in a moment:
// it is published when the clock reaches its time, not before, and not at
// the next minute.
func TestTimerPublishesOnTime(t *testing.T) {
	app := pbtest.NewApp(t)
	clock := debounce.NewFake(start)
	var c changes
	s := schedule.Register(app, clock, c.add)
	defer s.Stop()
	// Approved by a second editor, it waits for its time.
	r := project(t, app, "snart", map[string]any{"publiser_fra": start.Add(1500 * time.Millisecond),
		"status": "klar", "klar_av": "a@example.org", "godkjent_av": "b@example.org"})
	s.Start()

	clock.Advance(1500*time.Millisecond - time.Millisecond)
	if got := status(t, app, r.Id); got != "klar" {
		t.Fatalf("status %q a millisecond before publiser_fra; want klar", got)
	}
	clock.Advance(time.Millisecond)
	if got := status(t, app, r.Id); got != "publisert" {
		t.Errorf("status %q at publiser_fra; want publisert", got)
	}
}

// TestSaveRearms saves a draft due in a moment while the scheduler runs:
// the save alone sets the timer, once the burst's re-arm delay has passed.
func TestSaveRearms(t *testing.T) {
	t.Setenv(schema.ApprovalSetting, "av")
	app := pbtest.NewApp(t)
	clock := debounce.NewFake(start)
	var c changes
	s := schedule.Register(app, clock, c.add)
	s.Start()
	defer s.Stop()
	r := project(t, app, "etter-lagring", map[string]any{"publiser_fra": start.Add(1500 * time.Millisecond)})

	clock.Advance(1500 * time.Millisecond)
	if got := status(t, app, r.Id); got != "publisert" {
		t.Errorf("status %q at publiser_fra; want publisert", got)
	}
}

// meeting saves a partnership meeting held on the given day.
func meeting(t *testing.T, app core.App, year int, day time.Time, status string) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(schema.Meetings)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, fmt.Sprintf("Partnerskapsmøte %d", year))
	r.Set(schema.FieldYear, year)
	r.Set(schema.FieldMeetingDate, day)
	r.Set(schema.FieldStatus, status)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestMeetingOverAsksForRebuild: when a published meeting's day is over
// (content.MeetingOver), the scheduler asks once for a rebuild, so the site
// stops naming it the next meeting; a draft meeting's day passes quietly.
func TestMeetingOverAsksForRebuild(t *testing.T) {
	app := pbtest.NewApp(t)
	held := time.Date(2026, time.June, 5, 0, 0, 0, 0, time.UTC)
	meeting(t, app, 2026, held, "publisert")
	meeting(t, app, 2027, held.AddDate(1, 0, 1), "utkast")
	over := content.MeetingOver(content.NewDate(held))
	clock := debounce.NewFake(over.Add(-time.Hour))
	var c changes
	s := schedule.Register(app, clock, c.add)
	s.Start()
	defer s.Stop()

	next, ok, err := schedule.Next(app, clock.Now())
	if err != nil || !ok || !next.Equal(over) {
		t.Errorf("Next = %v, %v, %v; want the end of the meeting's day, %v", next, ok, err, over)
	}
	clock.Advance(time.Hour - time.Nanosecond)
	if len(c) != 0 {
		t.Fatalf("asked for a rebuild before the meeting's day was over: %q", c)
	}
	clock.Advance(time.Nanosecond)
	want := changes{"partnerskapsmoter «Partnerskapsmøte 2026» er avholdt"}
	if !slices.Equal(c, want) {
		t.Errorf("at the end of the meeting's day: asked %q; want %q", c, want)
	}
	s.Run() // as the cron job does a minute later
	clock.Advance(48 * time.Hour)
	s.Run()
	if !slices.Equal(c, want) {
		t.Errorf("two days on: asked %q; want only %q", c, want)
	}
}

// TestMovedMeetingRearms: a meeting moved to another day while the server
// runs ends on that day.
func TestMovedMeetingRearms(t *testing.T) {
	app := pbtest.NewApp(t)
	held := time.Date(2026, time.June, 5, 0, 0, 0, 0, time.UTC)
	clock := debounce.NewFake(held)
	var c changes
	s := schedule.Register(app, clock, c.add)
	s.Start()
	defer s.Stop()
	m := meeting(t, app, 2026, held.AddDate(0, 1, 0), "publisert")
	clock.Advance(time.Second) // the re-arm after the save
	m.Set(schema.FieldMeetingDate, held)
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	clock.Advance(content.MeetingOver(content.NewDate(held)).Sub(clock.Now()))
	if len(c) != 1 {
		t.Errorf("asked %q when the moved meeting's day was over; want one rebuild", c)
	}
}

// TestMeetingOverWhileDown: a meeting whose day ended after the last
// publication Netlify took, while the server was down, is announced when
// the server starts: the public site still names it the next meeting.
// With no publication at all, nothing is known to be stale.
func TestMeetingOverWhileDown(t *testing.T) {
	for _, published := range []bool{true, false} {
		app := pbtest.NewApp(t)
		if published {
			coll, err := app.FindCollectionByNameOrId(schema.Publications)
			if err != nil {
				t.Fatal(err)
			}
			r := core.NewRecord(coll)
			r.Set("aarsak", "en tidligere publisering")
			r.Set(schema.FieldStatus, schema.PublicationSent)
			if err := app.Save(r); err != nil {
				t.Fatal(err)
			}
		}
		// The publication is made now, by the real clock; the meeting is
		// years later, and the server starts a day after it.
		held := time.Date(time.Now().Year()+4, time.June, 5, 0, 0, 0, 0, time.UTC)
		meeting(t, app, held.Year(), held, "publisert")
		clock := debounce.NewFake(content.MeetingOver(content.NewDate(held)).Add(24 * time.Hour))
		var c changes
		s := schedule.Register(app, clock, c.add)
		s.Start()
		s.Stop()
		var want changes
		if published {
			want = changes{fmt.Sprintf("partnerskapsmoter «Partnerskapsmøte %d» er avholdt", held.Year())}
		}
		if !slices.Equal(c, want) {
			t.Errorf("after a publication: %v: asked %q; want %q", published, c, want)
		}
	}
}
