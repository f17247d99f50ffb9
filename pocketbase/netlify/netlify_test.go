package netlify_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/netlify"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// hook stands in for Netlify's build hook: it counts POSTs and answers
// with the given statuses in turn (200 when they run out).
type hook struct {
	mu       sync.Mutex
	posts    int
	titles   []string
	statuses []int
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	h.posts++
	h.titles = append(h.titles, r.URL.Query().Get("trigger_title"))
	if len(h.statuses) > 0 {
		w.WriteHeader(h.statuses[0])
		h.statuses = h.statuses[1:]
	}
}

func (h *hook) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.posts
}

const quiet = 10 * time.Second

// newClock is the notifier's clock: the quiet period passes when the test
// moves it on.
func newClock() *debounce.Fake {
	return debounce.NewFake(time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC))
}

func setup(t *testing.T, statuses ...int) (*hook, *netlify.Notifier, core.App, *debounce.Fake) {
	t.Helper()
	h := &hook{statuses: statuses}
	server := httptest.NewServer(h)
	t.Cleanup(server.Close)
	app := pbtest.NewApp(t)
	clock := newClock()
	n := netlify.Register(app, netlify.Config{HookURL: server.URL, Quiet: quiet, Backoff: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond}, Clock: clock})
	return h, n, app, clock
}

func saveProject(t *testing.T, app core.App, slug, status string) *core.Record {
	t.Helper()
	coll, _ := app.FindCollectionByNameOrId(schema.Projects)
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, "Prosjekt "+slug)
	r.Set(schema.FieldSlug, slug)
	r.Set(schema.FieldYear, 2026)
	r.Set(schema.FieldStatus, status)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// settle moves the clock past the quiet period, which sends what is
// collected, and waits until nothing is left to send.
func settle(clock *debounce.Fake, n *netlify.Notifier) {
	clock.Advance(quiet)
	n.Wait()
}

func lastLog(t *testing.T, app core.App) *core.Record {
	t.Helper()
	logs, err := app.FindRecordsByFilter(schema.Publications, "", "-created", 1, 0)
	if err != nil || len(logs) != 1 {
		t.Fatalf("publication log: %v (%d entries)", err, len(logs))
	}
	return logs[0]
}

func TestBurstGivesOneBuild(t *testing.T) {
	h, n, app, clock := setup(t)
	for _, slug := range []string{"a", "b", "c"} {
		saveProject(t, app, slug, "publisert")
	}
	settle(clock, n)
	if got := h.count(); got != 1 {
		t.Fatalf("build hook got %d POSTs for a burst of 3 publications; want 1", got)
	}
	log := lastLog(t, app)
	if log.GetString("status") != "sendt" || !strings.Contains(log.GetString("aarsak"), "prosjekter «Prosjekt b» opprettet") {
		t.Errorf("log: status %q, aarsak %q", log.GetString("status"), log.GetString("aarsak"))
	}
	if !strings.Contains(h.titles[0], "Prosjekt a") {
		t.Errorf("trigger_title %q does not say what changed", h.titles[0])
	}
}

// TestEachChangeRestartsQuietPeriod: publishing waits for a quiet period
// after the last change, however long the changes go on.
func TestEachChangeRestartsQuietPeriod(t *testing.T) {
	h, n, app, clock := setup(t)
	for _, slug := range []string{"a", "b", "c"} {
		saveProject(t, app, slug, "publisert")
		clock.Advance(quiet - time.Second)
	}
	if got := h.count(); got != 0 {
		t.Fatalf("build hook got %d POSTs before a quiet period; want 0", got)
	}
	settle(clock, n)
	if got := h.count(); got != 1 {
		t.Errorf("build hook got %d POSTs after the quiet period; want 1", got)
	}
}

// TestTerminateFlushes: when the server stops, what is collected is sent
// at once, not lost with the timer.
func TestTerminateFlushes(t *testing.T) {
	h, _, app, clock := setup(t)
	saveProject(t, app, "a", "publisert")
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}); err != nil {
		t.Fatal(err)
	}
	if got := h.count(); got != 1 {
		t.Fatalf("build hook got %d POSTs when the server stopped; want 1", got)
	}
	clock.Advance(quiet)
	if got := h.count(); got != 1 {
		t.Errorf("build hook got %d POSTs after the quiet period too; want 1", got)
	}
}

func TestDraftsDoNotPublish(t *testing.T) {
	h, n, app, clock := setup(t)
	draft := saveProject(t, app, "utkast", "utkast")
	draft.Set(schema.FieldTitle, "Nytt navn")
	if err := app.Save(draft); err != nil {
		t.Fatal(err)
	}
	settle(clock, n)
	if got := h.count(); got != 0 {
		t.Errorf("build hook got %d POSTs for draft edits; want 0", got)
	}

	// Taking a page down is a publication.
	live := saveProject(t, app, "publisert", "publisert")
	settle(clock, n)
	live.Set(schema.FieldStatus, "utkast")
	if err := app.Save(live); err != nil {
		t.Fatal(err)
	}
	settle(clock, n)
	if got := h.count(); got != 2 {
		t.Errorf("build hook got %d POSTs after publishing and unpublishing; want 2", got)
	}
}

func TestRetriesWithBackoff(t *testing.T) {
	h, n, app, clock := setup(t, 500, 502)
	saveProject(t, app, "a", "publisert")
	settle(clock, n)
	if got := h.count(); got != 3 {
		t.Errorf("build hook got %d POSTs; want 3 (two failures, then success)", got)
	}
	log := lastLog(t, app)
	if log.GetString("status") != "sendt" || log.GetInt("forsok") != 3 {
		t.Errorf("log: status %q after %d attempts; want sendt after 3", log.GetString("status"), log.GetInt("forsok"))
	}
}

func TestGivesUpAndLogsFailure(t *testing.T) {
	h, n, app, clock := setup(t, 500, 500, 500, 500)
	saveProject(t, app, "a", "publisert")
	settle(clock, n)
	if got := h.count(); got != 3 {
		t.Errorf("build hook got %d POSTs; want 3 (one try and two retries)", got)
	}
	log := lastLog(t, app)
	if log.GetString("status") != "feilet" || !strings.Contains(log.GetString("svar"), "500") {
		t.Errorf("log: status %q, svar %q; want feilet with the answer", log.GetString("status"), log.GetString("svar"))
	}
}

func TestNoHookIsLoggedAsSkipped(t *testing.T) {
	app := pbtest.NewApp(t)
	clock := newClock()
	n := netlify.Register(app, netlify.Config{Quiet: quiet, Clock: clock})
	saveProject(t, app, "a", "publisert")
	settle(clock, n)
	if got := lastLog(t, app).GetString("status"); got != "hoppet_over" {
		t.Errorf("log status %q; want hoppet_over", got)
	}
}

// TestHookAddressStaysSecret: a network failure is logged without the
// hook's address, which is the secret.
func TestHookAddressStaysSecret(t *testing.T) {
	app := pbtest.NewApp(t)
	secret := "http://127.0.0.1:1/build_hooks/hemmelig-krok-id"
	clock := newClock()
	n := netlify.Register(app, netlify.Config{HookURL: secret, Quiet: quiet, Clock: clock})
	saveProject(t, app, "a", "publisert")
	settle(clock, n)
	log := lastLog(t, app)
	if log.GetString("status") != "feilet" {
		t.Fatalf("status %q; want feilet", log.GetString("status"))
	}
	if strings.Contains(log.GetString("svar"), "hemmelig-krok-id") {
		t.Errorf("the publication log shows the hook's address: %q", log.GetString("svar"))
	}
}

// TestPublicIsSchemaPublic: what counts as a public change is what
// schema.Public says is public. A scheduled takedown is one, although the
// page stopped being public at its unpublish time, before the scheduler
// took it down: the site built before that still shows it. A published
// section of a draft report is not public, so editing it is no
// publication.
func TestPublicIsSchemaPublic(t *testing.T) {
	h := &hook{}
	server := httptest.NewServer(h)
	t.Cleanup(server.Close)
	app := pbtest.NewApp(t)
	until := time.Now().Add(time.Hour)                // saved before its unpublish time …
	clock := debounce.NewFake(until.Add(time.Minute)) // … taken down after it
	n := netlify.Register(app, netlify.Config{HookURL: server.URL, Quiet: quiet, Clock: clock})

	expiring := saveProject(t, app, "utlopende", "publisert")
	expiring.Set(schema.FieldUnpublishAt, until)
	if err := app.Save(expiring); err != nil {
		t.Fatal(err)
	}
	settle(clock, n)
	posts := h.count()
	expiring.Set(schema.FieldStatus, schema.StatusDraft) // as the scheduler does
	expiring.Set(schema.FieldUnpublishAt, "")
	if err := app.Save(expiring); err != nil {
		t.Fatal(err)
	}
	settle(clock, n)
	if got := h.count(); got != posts+1 {
		t.Errorf("build hook got %d POSTs for the scheduled takedown; want 1", got-posts)
	}

	reports, _ := app.FindCollectionByNameOrId(schema.Reports)
	report := core.NewRecord(reports)
	report.Set(schema.FieldYear, 2031)
	report.Set(schema.FieldTitle, "Utkast til rapport")
	report.Set(schema.FieldStatus, schema.StatusDraft)
	if err := app.Save(report); err != nil {
		t.Fatal(err)
	}
	sections, _ := app.FindCollectionByNameOrId(schema.Sections)
	section := core.NewRecord(sections)
	section.Set(schema.FieldReport, report.Id)
	section.Set(schema.FieldTitle, "Publisert del")
	section.Set(schema.FieldStatus, schema.StatusPublished)
	if err := app.Save(section); err != nil {
		t.Fatal(err)
	}
	section.Set(schema.FieldBody, "Ny tekst.")
	if err := app.Save(section); err != nil {
		t.Fatal(err)
	}
	posts = h.count()
	settle(clock, n)
	if got := h.count(); got != posts {
		t.Errorf("build hook got %d POSTs for a section of a draft report; want 0", got-posts)
	}
}

// TestLogNamesWhatIsLeftOut: a publication while a record cannot be
// built is sent, and its log names the page left out.
func TestLogNamesWhatIsLeftOut(t *testing.T) {
	app := pbtest.NewApp(t)
	clock := newClock()
	n := netlify.Register(app, netlify.Config{Quiet: quiet, Clock: clock})
	old := saveProject(t, app, "gammelt", "utkast")
	old.Set(schema.FieldYear, 1900)
	old.Set(schema.FieldStatus, "publisert")
	if err := app.SaveNoValidate(old); err != nil {
		t.Fatal(err)
	}
	saveProject(t, app, "nytt", "publisert")
	settle(clock, n)
	if got := lastLog(t, app).GetString("svar"); !strings.Contains(got, "Siden /prosjekter/gammelt/ (prosjekter/gammelt.md) er utelatt") {
		t.Errorf("log answer %q; want it to name the page left out", got)
	}
}
