package preview

import (
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestRestLetsGoOfHugo: a resting preview holds no Hugo and no records,
// and a save then is built only when an editor looks; a save in the quiet
// period just before the look is built before Wake returns.
func TestRestLetsGoOfHugo(t *testing.T) {
	app := pbtest.NewApp(t)
	clock := debounce.NewFake(time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC))
	p := Register(app, history.Register(app), clock)
	p.Start()
	pbtest.ImportSeeds(t, app)
	p.Wake()
	p.buildMu.Lock()
	woke := p.site != nil
	p.buildMu.Unlock()
	if !woke {
		t.Fatal("no Hugo after an editor looked")
	}
	clock.Advance(restAfter + time.Minute)
	p.buildMu.Lock()
	kept := p.site != nil || p.synced != nil
	p.buildMu.Unlock()
	if kept || p.Awake() {
		t.Fatal("a resting preview keeps Hugo or its content")
	}
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldTitle, "Lagret rett før noen så")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	// No time passes: the build the save scheduled has not run.
	before := p.Version()
	p.Wake()
	if p.Version() == before {
		t.Fatal("Wake returned before the save made while resting was built")
	}
}

// TestNewestVersionReplacesUnread: a page that has not read one version
// gets the newer one in its place, never the older one alone.
func TestNewestVersionReplacesUnread(t *testing.T) {
	p := &Preview{watchers: map[chan int64]string{}, clock: debounce.NewFake(time.Now())}
	ch, stop := p.watch("/forhandsvisning/")
	defer stop()
	p.announce(nil)
	p.announce(nil)
	if v := <-ch; v != 2 {
		t.Errorf("the page was told version %d; want 2, the last", v)
	}
}

// TestListeningPage: a live-reload stream names its page by the address
// the site links it by, so that a build renders it first.
func TestListeningPage(t *testing.T) {
	for side, want := range map[string]string{
		"/forhandsvisning/prosjekter/fact-ung/":           "/forhandsvisning/prosjekter/fact-ung/",
		"/forhandsvisning/prosjekter/fact-ung/index.html": "/forhandsvisning/prosjekter/fact-ung/",
		"/forhandsvisning/index.html":                     "/forhandsvisning/",
		"/forhandsvisning/":                               "/forhandsvisning/",
		"/forhandsvisning/data/v1/index.json":             "/forhandsvisning/data/v1/index.json",
		"/prosjekter/fact-ung/":                           "",
		"":                                                "",
		"/forhandsvisning/" + strings.Repeat("a", 2000):   "",
	} {
		if got := listening(side); got != want {
			t.Errorf("listening(%.40q) = %q; want %q", side, got, want)
		}
	}
}
