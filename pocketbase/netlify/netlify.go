// Package netlify publishes the public site when something public
// changes: a published record is created, changed or deleted, a record is
// published or taken down (by an editor or the scheduler). A burst of
// changes gives one publication; a failed attempt is retried with
// backoff. A publication either asks Netlify to rebuild (the build hook)
// or is a deploy the editing server makes itself (a Sender, see
// pocketbase/deploy). Every publication is logged in the publiseringer
// collection.
package netlify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Config says where and how to publish.
type Config struct {
	HookURL string          // the site's build hook; empty logs publications as skipped
	Sender  Sender          // publishes instead of the build hook when set
	Quiet   time.Duration   // wait this long after the last change before publishing
	Backoff []time.Duration // waits between attempts; one attempt more than waits
	Clock   debounce.Clock  // times the quiet period
}

// DefaultConfig publishes ten seconds after the last change and tries five
// times over about a minute.
func DefaultConfig(hookURL string) Config {
	return Config{
		HookURL: hookURL,
		Quiet:   10 * time.Second,
		Backoff: []time.Duration{2 * time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second},
		Clock:   debounce.System(),
	}
}

// Notifier collects public changes and publishes them.
type Notifier struct {
	app    core.App
	cfg    Config
	client *http.Client

	publications *debounce.Debouncer
	sending      sync.Mutex // one publication (or rollback) at a time

	mu      sync.Mutex
	reasons []string
}

// A Sender makes one attempt at a publication of what is public now.
type Sender interface {
	Send(ctx context.Context, reasons []string) (Sent, error)
}

// Sent is what a publication did at Netlify.
type Sent struct {
	Status   string // schema.PublicationSent or schema.PublicationLive
	Answer   string // Netlify's answer, for the log
	DeployID string // the deploy, when the server deployed itself
	URL      string // the deploy's own address
	Uploaded int    // files uploaded
	Restored string // for a rollback: the deploy made live again
}

// Permanent marks an error another attempt cannot mend, such as a token
// Netlify refuses: it is logged at once, not retried.
func Permanent(err error) error { return permanent{err} }

type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

// Register watches every content collection and returns the notifier.
func Register(app core.App, cfg Config) *Notifier {
	n := &Notifier{app: app, cfg: cfg, client: &http.Client{Timeout: 30 * time.Second}}
	n.publications = debounce.New(debounce.Config{Quiet: cfg.Quiet, Clock: cfg.Clock}, n.publishCollected)
	all := schema.Content

	watch := func(verb string, before func(*core.RecordEvent) bool) func(*core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			wasPublic := before(e)
			if err := e.Next(); err != nil {
				return err
			}
			if wasPublic || schema.Public(e.App, e.Record, n.cfg.Clock.Now()) {
				n.Changed(describe(e.Record, verb))
			}
			return nil
		}
	}
	never := func(*core.RecordEvent) bool { return false }
	// The stored version, not Original(): a record object saved before in
	// Go keeps its original from when it was loaded.
	stored := func(e *core.RecordEvent) bool {
		old, err := e.App.FindRecordById(e.Record.Collection(), e.Record.Id)
		return err == nil && wasPublic(e.App, old)
	}
	app.OnRecordCreate(all...).BindFunc(watch("opprettet", never))
	app.OnRecordUpdate(all...).BindFunc(watch("endret", stored))
	app.OnRecordDelete(all...).BindFunc(watch("slettet", func(e *core.RecordEvent) bool { return wasPublic(e.App, e.Record) }))
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		n.Flush()
		return e.Next()
	})
	return n
}

// wasPublic reports whether the stored state of a record may be on the
// site built last: whether it was public when it was saved. A page whose
// unpublish time has passed since is still on that site, so the
// scheduler's taking it down is a public change.
func wasPublic(app core.App, stored *core.Record) bool {
	return schema.Public(app, stored, stored.GetDateTime("updated").Time())
}

func describe(r *core.Record, verb string) string {
	name := r.GetString(schema.FieldTitle)
	if name == "" {
		name = r.GetString(schema.FieldName)
	}
	if name == "" {
		name = r.Id
	}
	return fmt.Sprintf("%s «%s» %s", r.Collection().Name, name, verb)
}

// Changed records a public change and (re)starts the quiet period. A
// change while a publication is sent gives one more after it.
func (n *Notifier) Changed(reason string) {
	n.mu.Lock()
	if !slices.Contains(n.reasons, reason) {
		n.reasons = append(n.reasons, reason)
	}
	n.mu.Unlock()
	n.publications.Trigger()
}

// Flush publishes the changes collected so far, if any, without waiting
// for the quiet period, and returns when it is sent.
func (n *Notifier) Flush() { n.publications.Flush() }

// Wait blocks until no publication is waiting for its quiet period or
// being sent.
func (n *Notifier) Wait() { n.publications.Wait() }

// publishCollected publishes the changes collected so far.
func (n *Notifier) publishCollected() {
	n.mu.Lock()
	reasons := n.reasons
	n.reasons = nil
	n.mu.Unlock()
	if len(reasons) > 0 {
		n.publish(reasons)
	}
}

func (n *Notifier) publish(reasons []string) {
	if n.cfg.Sender == nil && n.cfg.HookURL == "" {
		log, err := n.logStart(reasons)
		if err != nil {
			n.app.Logger().Error("Kunne ikke logge publiseringen", "error", err)
		}
		n.logEnd(log, Sent{Status: "hoppet_over", Answer: "Verken SSU_NETLIFY_BUILD_HOOK eller SSU_NETLIFY_TOKEN og SSU_NETLIFY_SITE er satt, så ingenting ble publisert."}, 0, 0)
		return
	}
	send := n.post
	if n.cfg.Sender != nil {
		send = n.cfg.Sender.Send
	}
	n.Publish(reasons, send)
}

// Publish carries out one publication with send, retrying with backoff,
// and logs it in publiseringer with why, how it went and how long it
// took. It returns the last attempt's error. Publications run one at a
// time; the rollback of the overview is one too.
func (n *Notifier) Publish(reasons []string, send func(context.Context, []string) (Sent, error)) (Sent, error) {
	n.sending.Lock()
	defer n.sending.Unlock()
	start := time.Now()
	log, err := n.logStart(reasons)
	if err != nil {
		n.app.Logger().Error("Kunne ikke logge publiseringen", "error", err)
	}
	for attempt := 1; ; attempt++ {
		sent, err := send(context.Background(), reasons)
		if err == nil {
			n.logEnd(log, sent, attempt, time.Since(start))
			n.app.Logger().Info("Publisert til Netlify", "status", sent.Status, "utrulling", sent.DeployID, "filer", sent.Uploaded, "forsok", attempt)
			return sent, nil
		}
		n.app.Logger().Warn("Netlify svarte ikke som ventet", "forsok", attempt, "error", err)
		var stop permanent
		if attempt > len(n.cfg.Backoff) || errors.As(err, &stop) {
			n.logEnd(log, Sent{Status: "feilet", Answer: err.Error()}, attempt, time.Since(start))
			return Sent{}, err
		}
		time.Sleep(n.cfg.Backoff[attempt-1])
	}
}

// post asks the build hook for a build.
func (n *Notifier) post(ctx context.Context, reasons []string) (Sent, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	// Netlify shows trigger_title in its deploy log.
	title := truncate("SSU: "+strings.Join(reasons, "; "), 200)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.HookURL+"?trigger_title="+url.QueryEscape(title), nil)
	if err != nil {
		return Sent{}, fmt.Errorf("build hook request: %w", err)
	}
	res, err := n.client.Do(req)
	if err != nil {
		// The hook's address is a secret: keep it out of the log and the
		// publication record, which a url.Error would carry.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return Sent{}, fmt.Errorf("build hook: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 500))
	if res.StatusCode/100 != 2 {
		return Sent{}, errors.New("build hook answered " + res.Status + ": " + strings.TrimSpace(string(body)))
	}
	return Sent{Status: schema.PublicationSent, Answer: res.Status}, nil
}

func (n *Notifier) logStart(reasons []string) (*core.Record, error) {
	coll, err := n.app.FindCollectionByNameOrId(schema.Publications)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(coll)
	r.Set("aarsak", truncate(strings.Join(reasons, "\n"), 5000))
	r.Set(schema.FieldStatus, "venter")
	return r, n.app.Save(r)
}

func (n *Notifier) logEnd(r *core.Record, sent Sent, attempts int, took time.Duration) {
	if r == nil {
		return
	}
	answer := sent.Answer
	if sent.Restored == "" {
		answer += n.leftOut()
	}
	r.Set(schema.FieldStatus, sent.Status)
	r.Set("forsok", attempts)
	r.Set("svar", truncate(answer, 2000))
	r.Set("utrulling", sent.DeployID)
	r.Set("adresse", sent.URL)
	r.Set("filer", sent.Uploaded)
	r.Set("varighet_ms", took.Milliseconds())
	r.Set("tilbake_til", sent.Restored)
	if err := n.app.Save(r); err != nil {
		n.app.Logger().Error("Kunne ikke logge publiseringen", "error", err)
	}
}

// leftOut names, for the publication log, what the export of this
// publication leaves out or mends (records.Load decides, as ssu build
// does); empty when nothing.
func (n *Notifier) leftOut() string {
	_, problems, err := records.Load(n.app, n.cfg.Clock.Now())
	if err != nil {
		return "\nKunne ikke lese innholdet: " + err.Error()
	}
	var b strings.Builder
	for _, p := range problems {
		b.WriteString("\n" + p.String())
	}
	return b.String()
}

// truncate shortens s to at most max characters, marking the cut with "…".
func truncate(s string, max int) string {
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}
