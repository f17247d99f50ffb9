package schedule_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

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

// TestExpiredIsNeverExported: a record past its unpublish time is left out
// of the export even before the scheduler has changed its status.
func TestExpiredIsNeverExported(t *testing.T) {
	app := pbtest.NewApp(t)
	project(t, app, "utlopt", map[string]any{"status": "publisert", "avpubliser_fra": time.Now().Add(-time.Second)})
	project(t, app, "synlig", map[string]any{"status": "publisert", "avpubliser_fra": time.Now().Add(time.Hour)})
	tree, err := records.Load(app)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Projects) != 1 || tree.Projects[0].Slug != "synlig" {
		t.Errorf("exported projects %+v; want only «synlig»", tree.Projects)
	}
}

// TestTimerPublishesOnTime arms the scheduler and waits for a draft due
// in a moment: it is published within seconds of its time, not at the next minute.
func TestTimerPublishesOnTime(t *testing.T) {
	app := pbtest.NewApp(t)
	s := schedule.Register(app)
	defer s.Stop()
	at := time.Now().Add(1500 * time.Millisecond)
	r := project(t, app, "snart", map[string]any{"publiser_fra": at})
	s.Arm()

	deadline := at.Add(3 * time.Second) // the cron fallback alone would take up to a minute
	for status(t, app, r.Id) != "publisert" {
		if time.Now().After(deadline) {
			t.Fatalf("draft due at %s was not published by %s", at.Format(time.TimeOnly), deadline.Format(time.TimeOnly))
		}
		time.Sleep(50 * time.Millisecond)
	}
	if time.Now().Before(at) {
		t.Error("published before its time")
	}
}

// TestSaveRearms saves a draft due in a moment while the scheduler runs:
// the save alone sets the timer.
func TestSaveRearms(t *testing.T) {
	app := pbtest.NewApp(t)
	s := schedule.Register(app)
	s.Start()
	defer s.Stop()
	at := time.Now().Add(1500 * time.Millisecond)
	r := project(t, app, "etter-lagring", map[string]any{"publiser_fra": at})

	deadline := at.Add(3 * time.Second)
	for status(t, app, r.Id) != "publisert" {
		if time.Now().After(deadline) {
			t.Fatalf("draft due at %s was not published by %s", at.Format(time.TimeOnly), deadline.Format(time.TimeOnly))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
