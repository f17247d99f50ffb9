// Package netlify asks Netlify to rebuild the public site when something
// public changes: a published record is created, changed or deleted, a
// record is published or taken down (by an editor or the scheduler). A
// burst of changes gives one build; a failed request is retried with
// backoff. Every publication is logged in the publiseringer collection.
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

	mu      sync.Mutex
	reasons []string
}

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
	log, err := n.logStart(reasons)
	if err != nil {
		n.app.Logger().Error("Kunne ikke logge publiseringen", "error", err)
	}
	if n.cfg.HookURL == "" {
		n.logEnd(log, "hoppet_over", 0, "SSU_NETLIFY_BUILD_HOOK er ikke satt, så Netlify ble ikke bedt om å bygge.")
		return
	}
	var answer string
	for attempt := 1; ; attempt++ {
		answer, err = n.post(reasons)
		if err == nil {
			n.logEnd(log, schema.PublicationSent, attempt, answer)
			n.app.Logger().Info("Netlify bygger nettstedet", "forsok", attempt)
			return
		}
		n.app.Logger().Warn("Netlify-byggekroken svarte ikke som ventet", "forsok", attempt, "error", err)
		if attempt > len(n.cfg.Backoff) {
			n.logEnd(log, "feilet", attempt, err.Error())
			return
		}
		time.Sleep(n.cfg.Backoff[attempt-1])
	}
}

func (n *Notifier) post(reasons []string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// Netlify shows trigger_title in its deploy log.
	title := truncate("SSU: "+strings.Join(reasons, "; "), 200)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.cfg.HookURL+"?trigger_title="+url.QueryEscape(title), nil)
	if err != nil {
		return "", fmt.Errorf("build hook request: %w", err)
	}
	res, err := n.client.Do(req)
	if err != nil {
		// The hook's address is a secret: keep it out of the log and the
		// publication record, which a url.Error would carry.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return "", fmt.Errorf("build hook: %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 500))
	if res.StatusCode/100 != 2 {
		return "", errors.New("build hook answered " + res.Status + ": " + strings.TrimSpace(string(body)))
	}
	return res.Status, nil
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

func (n *Notifier) logEnd(r *core.Record, status string, attempts int, answer string) {
	if r == nil {
		return
	}
	answer += n.leftOut()
	r.Set(schema.FieldStatus, status)
	r.Set("forsok", attempts)
	r.Set("svar", truncate(answer, 2000))
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
