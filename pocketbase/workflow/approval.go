package workflow

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// MinReason is the shortest reason for publishing without approval.
const MinReason = 10

// when is a time as editors read it, in Oslo.
func when(t time.Time) string { return t.In(content.Zone).Format("02.01.2006 kl. 15.04") }

// Version names the version of r an editor has seen: its updated time
// and, for a report, those of its members, links and grant round. An
// approval is for one version; a save after it makes another.
func Version(app core.App, r *core.Record) (string, error) {
	parts := []string{r.Id + "@" + r.GetDateTime("updated").String()}
	if r.Collection().Name == schema.Reports {
		for _, part := range schema.CopiedParts {
			recs, err := app.FindAllRecords(part, dbx.HashExp{schema.FieldReport: r.Id})
			if err != nil {
				return "", fmt.Errorf("read the %s of %s: %w", part, r.Id, err)
			}
			for _, p := range recs {
				parts = append(parts, p.Id+"@"+p.GetDateTime("updated").String())
			}
		}
	}
	slices.Sort(parts[1:])
	sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
	return hex.EncodeToString(sum[:8]), nil
}

// State is where a page is in the workflow, as the desk shows it.
type State struct {
	Status         string `json:"status"`
	Version        string `json:"versjon"`
	WorkingCopy    string `json:"arbeidskopi,omitempty"`     // the id of the live page's copy
	WorkingCopyOf  string `json:"arbeidskopiAv,omitempty"`   // for a copy: the live page's id
	ReadyBy        string `json:"klarAv,omitempty"`          // who marked this version ready
	ApprovedBy     string `json:"godkjentAv,omitempty"`      // who approved it (it waits for publiser_fra)
	Live           bool   `json:"publisert"`                 // the page itself is live
	Required       bool   `json:"kreverGodkjenning"`         // approval is required
	MayApprove     bool   `json:"kanGodkjenne"`              // by someone other than the one asking
	PublishedAlone string `json:"utenGodkjenning,omitempty"` // the reason, if published alone
}

// StateOf says where collection/id is in the workflow, for the editor by.
func StateOf(app core.App, collection, id string, by *core.Record) (State, error) {
	if !publishable(collection) {
		return State{}, refuse(http.StatusNotFound, "Samlingen har ingen publisering av sin egen.")
	}
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return State{}, refuse(http.StatusNotFound, "Fant ikke posten.")
	}
	v, err := Version(app, r)
	if err != nil {
		return State{}, err
	}
	s := State{
		Status: r.GetString(schema.FieldStatus), Version: v,
		WorkingCopyOf: r.GetString(schema.FieldWorkingCopyOf),
		ReadyBy:       r.GetString(schema.FieldReadyBy), ApprovedBy: r.GetString(schema.FieldApprovedBy),
		PublishedAlone: r.GetString(schema.FieldAloneReason),
		Live:           live(r), Required: schema.ApprovalRequired(),
	}
	if c, err := CopyOf(app, r); err != nil {
		return State{}, err
	} else if c != nil {
		s.WorkingCopy = c.Id
	}
	s.MayApprove = s.Status == schema.StatusReady && s.ApprovedBy == "" && (s.ReadyBy != history.Editor(by) || !s.Required)
	return s, nil
}

// MarkReady marks collection/id (a draft or a working copy) ready for
// approval by another editor, and returns the version marked.
func (f *Flow) MarkReady(app core.App, collection, id string, by *core.Record) (string, error) {
	if !publishable(collection) {
		return "", refuse(http.StatusNotFound, "Samlingen har ingen publisering av sin egen.")
	}
	var version string
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(collection, id)
		if err != nil {
			return refuse(http.StatusNotFound, "Siden finnes ikke lenger: den er slettet, publisert eller forkastet.")
		}
		if live(r) {
			return refuse(http.StatusConflict, "«%s» er publisert. Lag en arbeidskopi, endre den og meld den klar.", title(r))
		}
		r.Set(schema.FieldStatus, schema.StatusReady)
		r.Set(schema.FieldReadyBy, history.Editor(by))
		r.Set(schema.FieldApprovedBy, "")
		r.Set(schema.FieldAloneReason, "")
		if err := f.history.Save(tx, r, by); err != nil {
			return fmt.Errorf("meld «%s» klar: %w", title(r), err)
		}
		version, err = Version(tx, r)
		return err
	})
	return version, err
}

// Approve publishes the version of collection/id that another editor
// marked ready, as by's approval. version is the one by saw.
func (f *Flow) Approve(app core.App, collection, id, version string, by *core.Record) (string, error) {
	return f.publish(app, collection, id, version, by, "")
}

// PublishAlone publishes the version of collection/id without approval;
// the reason is kept on the page, in its history and in the publication
// log.
func (f *Flow) PublishAlone(app core.App, collection, id, version, reason string, by *core.Record) (string, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) < MinReason {
		return "", refuse(http.StatusBadRequest, "Skriv hvorfor siden publiseres uten godkjenning (minst %d tegn). Begrunnelsen lagres i historikken og publiseringsloggen.", MinReason)
	}
	msg, err := f.publish(app, collection, id, version, by, reason)
	if err == nil && f.announce != nil {
		f.announce(fmt.Sprintf("%s publisert uten godkjenning av %s: «%s»", collection, history.Editor(by), reason))
	}
	return msg, err
}

// publish makes the version of collection/id public (or ready to be at
// its publiser_fra), approved by by when reason is empty. Every check is
// made in the same transaction as the change, so of two approvals of the
// same version one is refused.
func (f *Flow) publish(app core.App, collection, id, version string, by *core.Record, reason string) (string, error) {
	if !publishable(collection) {
		return "", refuse(http.StatusNotFound, "Samlingen har ingen publisering av sin egen.")
	}
	approving := reason == ""
	var msg string
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(collection, id)
		if err != nil {
			return refuse(http.StatusConflict, "Versjonen finnes ikke lenger: %s.", lastChange(tx, collection, id, "den er publisert, forkastet eller slettet"))
		}
		if v, err := Version(tx, r); err != nil {
			return err
		} else if v != version {
			return refuse(http.StatusConflict, "«%s» er endret etter at du så den: %s. Se gjennom den nye versjonen før du godkjenner den.", title(r), lastChange(tx, collection, id, "noen har lagret den"))
		}
		if live(r) {
			return refuse(http.StatusConflict, "«%s» er allerede publisert: %s.", title(r), lastChange(tx, collection, id, "av en annen"))
		}
		if approving {
			switch {
			case r.GetString(schema.FieldStatus) != schema.StatusReady:
				return refuse(http.StatusConflict, "«%s» er ikke meldt klar til godkjenning. Trykk «Klar til godkjenning» først.", title(r))
			case r.GetString(schema.FieldApprovedBy) != "":
				return refuse(http.StatusConflict, "«%s» er allerede godkjent av %s og publiseres %s.", title(r), r.GetString(schema.FieldApprovedBy), when(r.GetDateTime(schema.FieldPublishAt).Time()))
			case schema.ApprovalRequired() && r.GetString(schema.FieldReadyBy) == history.Editor(by):
				return refuse(http.StatusForbidden, "Du meldte selv denne versjonen klar, og kan ikke godkjenne den: en annen redaktør må gjøre det. "+
					"Haster det, kan du «Publiser uten godkjenning» med en begrunnelse.")
			}
		}
		approvedBy := ""
		if approving {
			approvedBy = history.Editor(by)
		}
		now := f.now()
		if schema.IsWorkingCopy(r) {
			l, err := tx.FindRecordById(collection, r.GetString(schema.FieldWorkingCopyOf))
			if err != nil {
				return refuse(http.StatusConflict, "Siden denne arbeidskopien er av, er slettet. Arbeidskopien er tatt vare på som et utkast.")
			}
			if at := r.GetDateTime(schema.FieldPublishAt); !at.IsZero() && at.Time().After(now) {
				// The scheduler publishes it then (publishedCopy).
				r.Set(schema.FieldStatus, schema.StatusReady)
				r.Set(schema.FieldApprovedBy, approvedBy)
				r.Set(schema.FieldAloneReason, reason)
				msg = fmt.Sprintf("Arbeidskopien er godkjent og publiseres %s. Til da viser nettstedet den publiserte versjonen.", when(at.Time()))
				return f.history.Save(tx, r, by)
			}
			msg, err = f.merge(tx, r, l, by, approvedBy, reason)
			if err != nil {
				return err
			}
			if msg == "" {
				msg = fmt.Sprintf("Arbeidskopien er publisert: «%s» på nettstedet er den nye versjonen.", title(l))
			}
			return nil
		}
		if until := r.GetDateTime(schema.FieldUnpublishAt); !until.IsZero() && !until.Time().After(now) {
			return refuse(http.StatusConflict, "«%s» skulle vært tatt ned %s (avpubliser_fra). Fjern eller flytt den tiden før du publiserer.", title(r), when(until.Time()))
		}
		r.Set(schema.FieldApprovedBy, approvedBy)
		r.Set(schema.FieldAloneReason, reason)
		if !approving && r.GetString(schema.FieldReadyBy) == "" {
			r.Set(schema.FieldReadyBy, history.Editor(by))
		}
		if at := r.GetDateTime(schema.FieldPublishAt); !at.IsZero() && at.Time().After(now) {
			r.Set(schema.FieldStatus, schema.StatusReady)
			msg = fmt.Sprintf("«%s» er godkjent og publiseres %s.", title(r), when(at.Time()))
		} else {
			r.Set(schema.FieldStatus, schema.StatusPublished)
			r.Set(schema.FieldPublishAt, "")
			msg = fmt.Sprintf("«%s» er publisert.", title(r))
		}
		return f.history.Save(tx, r, by)
	})
	return msg, err
}

// lastChange says who last changed collection/id and when, from its
// history ("godkjent av …" reads as the change's own words), or otherwise.
func lastChange(app core.App, collection, id, otherwise string) string {
	entries, _, err := history.Entries(app, collection, id, 1, 1)
	if err != nil || len(entries) == 0 {
		return otherwise
	}
	e := entries[0]
	return fmt.Sprintf("%s %s den %s", e.Who, e.Action, when(e.At))
}
