package preview_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/synth"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/preview"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

const (
	draftTitle = "Hemmelig utkast om nytt samarbeid"
	email      = pbtest.EditorEmail
	password   = pbtest.EditorPassword
)

// day is the fake clock's start: the preview's builds are for this day.
var day = time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC)

// seeded has the seed content, a draft project and an editor, and a
// preview on clock that is serving.
func seeded(t testing.TB, clock debounce.Clock) (*tests.TestApp, *preview.Preview) {
	app := pbtest.NewApp(t)
	p := preview.Register(app, history.Register(app), clock)
	p.Start()
	pbtest.ImportSeeds(t, app)
	coll, _ := app.FindCollectionByNameOrId(schema.Projects)
	draft := core.NewRecord(coll)
	draft.Set(schema.FieldTitle, draftTitle)
	draft.Set(schema.FieldSlug, "hemmelig-utkast")
	draft.Set(schema.FieldYear, 2026)
	if err := app.Save(draft); err != nil {
		t.Fatal(err)
	}
	pbtest.AddEditor(t, app)
	p.Wake() // an editor opens it
	return app, p
}

// newApp is seeded on a fake clock, with the preview built.
func newApp(t testing.TB) (*tests.TestApp, *preview.Preview, *debounce.Fake) {
	clock := debounce.NewFake(day)
	app, p := seeded(t, clock)
	if err := built(clock, p); err != nil {
		t.Fatal(err)
	}
	return app, p, clock
}

// built moves the clock on past any wait for a build, which runs, and
// returns the last build's error. An editor has the preview open.
func built(clock *debounce.Fake, p *preview.Preview) error {
	p.Wake()
	clock.Advance(time.Minute)
	return p.Wait()
}

func factory(t testing.TB) *tests.TestApp {
	app, _, _ := newApp(t)
	return app
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// session signs the editor in to the preview: its cookie and CSRF token.
func session(t testing.TB, app core.App) (*http.Cookie, string) {
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, email)
	if err != nil {
		t.Fatal(err)
	}
	cookie, csrf, err := preview.SignIn(app, su, day, false)
	if err != nil {
		t.Fatal(err)
	}
	return cookie, csrf
}

// signedIn sends a preview session's cookie and token with every request,
// as a browser does after signing in on a page of the preview.
func signedIn(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	cookie, csrf := session(t, app)
	e.Router.BindFunc(func(re *core.RequestEvent) error {
		re.Request.AddCookie(cookie)
		re.Request.Header.Set("X-CSRF-Token", csrf)
		return re.Next()
	})
}

func TestPreviewAccess(t *testing.T) {
	scenarios := []tests.ApiScenario{
		{
			Name: "no sign-in: the login page, never the draft", Method: http.MethodGet,
			URL:                "/forhandsvisning/prosjekter/hemmelig-utkast/",
			ExpectedStatus:     401,
			ExpectedContent:    []string{`<form method="post" action="/forhandsvisning/logg-inn">`, `value="/forhandsvisning/prosjekter/hemmelig-utkast/"`},
			NotExpectedContent: []string{draftTitle},
		},
		{
			Name: "no sign-in: the overview is closed too", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", ExpectedStatus: 401, NotExpectedContent: []string{draftTitle},
		},
		{
			Name: "an API token in the header is not a preview sign-in", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/hemmelig-utkast/", Headers: map[string]string{"Authorization": "x"},
			ExpectedStatus: 401, NotExpectedContent: []string{draftTitle},
		},
		{
			Name: "a wrong password", Method: http.MethodPost, URL: "/forhandsvisning/logg-inn",
			Body:           strings.NewReader(url.Values{"epost": {email}, "passord": {"feil"}}.Encode()),
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			ExpectedStatus: 401, ExpectedContent: []string{"Feil e-postadresse eller passord."},
		},
		{
			Name: "signing in sets a strict, HttpOnly cookie and goes where the editor was going", Method: http.MethodPost,
			URL:            "/forhandsvisning/logg-inn",
			Body:           strings.NewReader(url.Values{"epost": {email}, "passord": {password}, "neste": {"/forhandsvisning/prosjekter/hemmelig-utkast/"}}.Encode()),
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			ExpectedStatus: 303,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				if got := res.Header.Get("Location"); got != "/forhandsvisning/prosjekter/hemmelig-utkast/" {
					t.Errorf("redirect to %q", got)
				}
				cookies := res.Cookies()
				i := slices.IndexFunc(cookies, func(c *http.Cookie) bool { return c.Name == "ssu_forhandsvisning" })
				if i < 0 {
					t.Fatal("no preview cookie")
				}
				c := cookies[i]
				if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/forhandsvisning/" || c.Value == "" || c.Secure {
					t.Errorf("cookie %+v; want HttpOnly, SameSite=Strict, Path=/forhandsvisning/, not Secure over plain HTTP", c)
				}
			},
		},
		{
			Name: "signing in over TLS makes the cookie Secure", Method: http.MethodPost, URL: "/forhandsvisning/logg-inn",
			Body:           strings.NewReader(url.Values{"epost": {email}, "passord": {password}}.Encode()),
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-Proto": "https"},
			ExpectedStatus: 303,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				if c := res.Cookies(); len(c) == 0 || !c[0].Secure {
					t.Errorf("cookies %+v; want Secure", c)
				}
			},
		},
		{
			Name: "a redirect outside the preview is refused", Method: http.MethodPost, URL: "/forhandsvisning/logg-inn",
			Body:           strings.NewReader(url.Values{"epost": {email}, "passord": {password}, "neste": {"//evil.example/"}}.Encode()),
			Headers:        map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			ExpectedStatus: 303,
			AfterTestFunc: func(t testing.TB, _ *tests.TestApp, res *http.Response) {
				if got := res.Header.Get("Location"); got != "/forhandsvisning/" {
					t.Errorf("redirect to %q; want /forhandsvisning/", got)
				}
			},
		},
		{
			Name: "signed in: the draft, marked as a draft, with live reload", Method: http.MethodGet,
			URL: "/forhandsvisning/prosjekter/hemmelig-utkast/", BeforeTestFunc: signedIn,
			ExpectedStatus:  200,
			ExpectedContent: []string{draftTitle, "Utkast – ikke publisert", `src=/forhandsvisning/_live.js`},
		},
		{
			Name: "signed in: the overview lists the draft and recent changes", Method: http.MethodGet,
			URL: "/forhandsvisning/_oversikt", BeforeTestFunc: signedIn,
			ExpectedStatus:  200,
			ExpectedContent: []string{draftTitle, `href="/forhandsvisning/prosjekter/hemmelig-utkast/"`, "Siste endringer", "Prosjekt opprettet"},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = factory
		s.Test(t)
	}
}

func TestPreviewRebuildsAfterChange(t *testing.T) {
	app, p, clock := newApp(t)
	before := p.Version()
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldBody, "Ny tekst skrevet i forhåndsvisningstesten.")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if p.Version() != before {
		t.Errorf("version %d at once after a change; want %d until the quiet period has passed", p.Version(), before)
	}
	if err := built(clock, p); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(app.DataDir(), "forhandsvisning", "public", "prosjekter", "fact-ung", "index.html"))
	if err != nil || !strings.Contains(string(page), "Ny tekst skrevet i forhåndsvisningstesten.") {
		t.Errorf("preview page does not show the saved text (err %v)", err)
	}
	if p.Version() <= before {
		t.Errorf("version %d after a change; want more than %d", p.Version(), before)
	}
}

// TestSteadyEditsStillBuild: an editor saving every 40 ms, never leaving
// the preview a quiet moment, still sees a build within a second.
func TestSteadyEditsStillBuild(t *testing.T) {
	app, p, clock := newApp(t)
	before := p.Version()
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 25 {
		r.Set(schema.FieldBody, fmt.Sprintf("Endring nummer %d.", i))
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
		clock.Advance(40 * time.Millisecond)
	}
	if p.Version() == before {
		t.Error("no build after a second of steady edits; want one at the latest a second after the first")
	}
}

// BenchmarkPreviewEdit measures how long a saved change to a project takes
// to show in the preview's files, at the seed content's size and in the
// synthetic archives of about 1,000 and 10,000 pages, and reports p50 and
// p95; and how long until the whole preview shows it (the lists, the
// sitemap and the data files too), p50. Each edit is made on a quiet
// preview, as an editor makes one.
func BenchmarkPreviewEdit(b *testing.B) {
	b.Run("seed", func(b *testing.B) {
		app, p := seeded(b, debounce.System())
		if err := p.Wait(); err != nil {
			b.Fatal(err)
		}
		measureEdits(b, app, p, "fact-ung")
	})
	for _, size := range synth.Sizes {
		b.Run(size.Name, func(b *testing.B) {
			app := pbtest.NewApp(b)
			p := preview.Register(app, history.Register(app), debounce.System())
			tree := size.Tree()
			if _, err := records.Save(app, tree); err != nil {
				b.Fatal(err)
			}
			p.Start()
			p.Wake()
			if err := p.Wait(); err != nil {
				b.Fatal(err)
			}
			measureEdits(b, app, p, tree.Projects[len(tree.Projects)/2].Slug)
		})
	}
}

func measureEdits(b *testing.B, app core.App, p *preview.Preview, slug string) {
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = {:slug}", dbx.Params{"slug": slug})
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(app.DataDir(), "forhandsvisning", "public", "prosjekter", slug, "index.html")
	var latencies, complete []time.Duration
	i := 0
	for b.Loop() {
		b.StopTimer()
		if err := p.Wait(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		i++
		marker := fmt.Sprintf("Målemerke %d", i)
		r.Set(schema.FieldBody, marker)
		start := time.Now()
		if err := app.Save(r); err != nil {
			b.Fatal(err)
		}
		for {
			data, _ := os.ReadFile(file)
			if strings.Contains(string(data), marker) {
				break
			}
			if time.Since(start) > 2*time.Minute {
				b.Fatalf("change %d not visible after 2 minutes", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		latencies = append(latencies, time.Since(start))
		if err := p.Wait(); err != nil {
			b.Fatal(err)
		}
		complete = append(complete, time.Since(start))
	}
	percentile := func(d []time.Duration, q float64) float64 {
		slices.Sort(d)
		return float64(d[int(q*float64(len(d)-1))].Milliseconds())
	}
	b.ReportMetric(percentile(latencies, 0.50), "p50-ms")
	b.ReportMetric(percentile(latencies, 0.95), "p95-ms")
	b.ReportMetric(percentile(complete, 0.50), "complete-p50-ms")
}
