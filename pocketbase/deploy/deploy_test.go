package deploy_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/deploy"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/deploy/netlifytest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/netlify"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

const (
	token  = "nfp_test_token_secret"
	siteID = "site-123"
	quiet  = 10 * time.Second
)

var someDay = time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC)

type setup struct {
	app      core.App
	fake     *netlifytest.Server
	notifier *netlify.Notifier
	deployer *deploy.Deployer
	clock    *debounce.Fake
}

// newSetup is a seeded app whose public changes deploy to a fake Netlify
// with the given token and site id.
func newSetup(t *testing.T, useToken, useSite string) setup {
	t.Helper()
	fake := netlifytest.New(t, token, siteID)
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	clock := debounce.NewFake(someDay)
	d := deploy.New(app, deploy.Config{API: fake.API, Token: useToken, Site: useSite, BaseURL: fake.URL + "/", Clock: clock.Now, Poll: 5 * time.Millisecond})
	n := netlify.Register(app, netlify.Config{Sender: d, Quiet: quiet, Backoff: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}, Clock: clock})
	return setup{app: app, fake: fake, notifier: n, deployer: d, clock: clock}
}

// publish saves a new title on the first published section, lets the
// quiet period pass, and returns the section's address and the
// publication's log record.
func (s setup) publish(t *testing.T, title string) (string, *core.Record) {
	t.Helper()
	sec, err := s.app.FindFirstRecordByFilter(schema.Sections, "status = 'publisert'")
	if err != nil {
		t.Fatal(err)
	}
	sec.Set(schema.FieldTitle, title)
	if err := s.app.Save(sec); err != nil {
		t.Fatal(err)
	}
	s.clock.Advance(quiet)
	s.notifier.Wait()
	pubs, err := s.app.FindRecordsByFilter(schema.Publications, "", "-created", 1, 0)
	if err != nil || len(pubs) == 0 {
		t.Fatalf("no publication logged: %v", err)
	}
	page, ok := records.PageOf(s.app, sec)
	if !ok {
		t.Fatal("the section has no page")
	}
	return page.URL, pubs[0]
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", url, res.Status)
	}
	return string(body)
}

func TestDeployUploadsOnlyWhatChanged(t *testing.T) {
	s := newSetup(t, token, siteID)
	path, first := s.publish(t, "Første utrulling")
	if got := first.GetString(schema.FieldStatus); got != schema.PublicationLive {
		t.Fatalf("status %q (%s); want %q", got, first.GetString("svar"), schema.PublicationLive)
	}
	if !strings.Contains(get(t, s.fake.URL+path), "Første utrulling") {
		t.Fatalf("the fake Netlify does not serve the new title at %s", path)
	}
	if all := first.GetInt("filer"); all != s.fake.Uploads() || all < 50 {
		t.Fatalf("first deploy logged %d files uploaded, the fake Netlify got %d; want the whole site, logged as it was", all, s.fake.Uploads())
	}
	if first.GetString("utrulling") != s.fake.Live() || first.GetString("adresse") == "" || first.GetInt("varighet_ms") <= 0 {
		t.Errorf("log: utrulling %q adresse %q varighet %d; want the live deploy %q, its address and a duration",
			first.GetString("utrulling"), first.GetString("adresse"), first.GetInt("varighet_ms"), s.fake.Live())
	}

	_, second := s.publish(t, "Andre utrulling")
	if !strings.Contains(get(t, s.fake.URL+path), "Andre utrulling") {
		t.Fatal("the second deploy is not live")
	}
	if n := second.GetInt("filer"); n == 0 || n > 20 {
		t.Errorf("a one-section edit uploaded %d files; want 1 to 20", n)
	}
	if p := s.fake.Problems(); len(p) > 0 {
		t.Errorf("the fake Netlify saw protocol errors: %v", p)
	}

	// What is live is what a full build of the same content makes, as
	// `ssu build --search` would: the deploy built in place after the edit.
	tree, _, err := records.Load(s.app, someDay)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := tree.Write(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	opts := site.Options{ContentDir: filepath.Join(dir, "content"), OutDir: filepath.Join(dir, "public"), BaseURL: s.fake.URL + "/",
		Search: site.SearchInstalled() == nil, Clock: s.clock.Now}
	if _, err := site.Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	want, err := deploy.SiteDigests(opts.OutDir)
	if err != nil {
		t.Fatal(err)
	}
	got := s.fake.LiveFiles()
	for path, sha := range want {
		if got[path] != sha {
			t.Errorf("%s: live %q; a full build makes %q", path, got[path], sha)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok {
			t.Errorf("%s is live; a full build does not make it", path)
		}
	}
}

func TestWrongTokenOrSiteDeploysNothing(t *testing.T) {
	for _, c := range []struct{ name, token, site string }{
		{"wrong token", "nfp_wrong", siteID},
		{"wrong site", token, "no-such-site"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSetup(t, c.token, c.site)
			_, pub := s.publish(t, "Skal ikke ut")
			if got := pub.GetString(schema.FieldStatus); got != "feilet" {
				t.Errorf("status %q; want feilet", got)
			}
			if got := pub.GetInt("forsok"); got != 1 {
				t.Errorf("%d attempts; want 1 (a refusal is not retried)", got)
			}
			answer := pub.GetString("svar")
			if !strings.HasPrefix(answer, deploy.ErrRefused.Error()) {
				t.Errorf("answer %q; want it to begin with %q", answer, deploy.ErrRefused)
			}
			if strings.Contains(answer, token) || strings.Contains(answer, c.token) {
				t.Errorf("the answer shows the token: %q", answer)
			}
			if s.fake.Live() != "" || s.fake.Uploads() != 0 {
				t.Errorf("live deploy %q, %d uploads; want nothing deployed", s.fake.Live(), s.fake.Uploads())
			}
		})
	}
}

func TestNetlifyDownKeepsTheLiveSite(t *testing.T) {
	s := newSetup(t, token, siteID)
	path, _ := s.publish(t, "God utrulling")
	live := s.fake.Live()

	s.fake.Down(100)
	_, pub := s.publish(t, "Kom aldri ut")
	if got := pub.GetString(schema.FieldStatus); got != "feilet" {
		t.Fatalf("status %q; want feilet", got)
	}
	if got := pub.GetInt("forsok"); got != 3 {
		t.Errorf("%d attempts; want 3 (two retries)", got)
	}
	if s.fake.Live() != live || !strings.Contains(get(t, s.fake.URL+path), "God utrulling") {
		t.Errorf("live deploy %q; want the last good one, %q, still served", s.fake.Live(), live)
	}

	// Netlify is back: the next change publishes everything.
	s.fake.Down(0)
	_, pub = s.publish(t, "Ute igjen")
	if got := pub.GetString(schema.FieldStatus); got != schema.PublicationLive {
		t.Fatalf("status %q (%s); want %q", got, pub.GetString("svar"), schema.PublicationLive)
	}
	if !strings.Contains(get(t, s.fake.URL+path), "Ute igjen") {
		t.Error("the change after the outage is not live")
	}
}

func TestFailedUploadIsRetried(t *testing.T) {
	s := newSetup(t, token, siteID)
	s.publish(t, "Første")
	// The create answers, the first upload does not: the next attempt
	// creates a new deploy and finishes it.
	s.fake.Down(0)
	s.fake.FailUploads(1)
	path, pub := s.publish(t, "Etter en feil")
	if got := pub.GetString(schema.FieldStatus); got != schema.PublicationLive || pub.GetInt("forsok") != 2 {
		t.Fatalf("status %q after %d attempts (%s); want %q after 2", got, pub.GetInt("forsok"), pub.GetString("svar"), schema.PublicationLive)
	}
	if !strings.Contains(get(t, s.fake.URL+path), "Etter en feil") {
		t.Error("the retried deploy is not live")
	}
}

func TestRollback(t *testing.T) {
	s := newSetup(t, token, siteID)
	path, first := s.publish(t, "Versjon en")
	s.publish(t, "Versjon to")

	if err := s.deployer.Rollback(s.notifier, first.Id, "redaktor@example.org"); err != nil {
		t.Fatal(err)
	}
	if got := s.fake.Live(); got != first.GetString("utrulling") {
		t.Fatalf("live deploy %q; want the first, %q", got, first.GetString("utrulling"))
	}
	if !strings.Contains(get(t, s.fake.URL+path), "Versjon en") {
		t.Error("the site does not serve the first version after the rollback")
	}
	pubs, _ := s.app.FindRecordsByFilter(schema.Publications, "", "-created", 1, 0)
	log := pubs[0]
	if log.GetString("tilbake_til") != first.GetString("utrulling") || log.GetString(schema.FieldStatus) != schema.PublicationLive ||
		!strings.Contains(log.GetString("aarsak"), "redaktor@example.org") {
		t.Errorf("rollback logged as %q %q by %q; want live, back to %q, by the editor",
			log.GetString(schema.FieldStatus), log.GetString("tilbake_til"), log.GetString("aarsak"), first.GetString("utrulling"))
	}

	if err := s.deployer.Rollback(s.notifier, "nosuchid", "redaktor@example.org"); err == nil {
		t.Error("a rollback to no publication succeeded")
	}
}
