// Package workflow is safe publishing as editors do it: a working copy of
// a published page, edited while the public keeps the live version, and
// four eyes: a version one editor marks ready (status «klar») goes public
// only when another approves it, or when one publishes it alone and says
// why. Takedowns (back to utkast, avpubliser_fra, deletion) never wait.
//
// A working copy is a record in the collection of its live record, with
// arbeidskopi_av pointing to it, so editors edit it in the ordinary admin
// form. A report's copy has copies of its members, links and grant round.
// Publishing a copy sets its fields on the live record (same id, same
// address) and deletes it, in one transaction. The steps are endpoints the
// admin's desk calls (pocketbase/desk); the request hooks here refuse, in
// Norwegian, the saves that would go around them.
package workflow

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Flow carries out the workflow's steps.
type Flow struct {
	history *history.Keeper
	now     func() time.Time
	// announce tells the publication log of a publication without
	// approval, with its reason.
	announce func(reason string)
}

// Register adds the hooks that keep every save through the API inside the
// workflow, and makes restores of a live page's text go to its working
// copy. announce (may be nil) is told of each publication without
// approval, for the publication log.
func Register(app core.App, k *history.Keeper, now func() time.Time, announce func(reason string)) *Flow {
	f := &Flow{history: k, now: now, announce: announce}
	app.OnRecordCreateRequest(schema.Publishable...).BindFunc(f.checkPage)
	app.OnRecordUpdateRequest(schema.Publishable...).BindFunc(f.checkPage)
	app.OnRecordCreateRequest(schema.CopiedParts...).BindFunc(f.checkPart)
	app.OnRecordUpdateRequest(schema.CopiedParts...).BindFunc(f.checkPart)
	app.OnRecordDelete(schema.Publishable...).BindFunc(detachCopy)
	app.OnRecordUpdate(schema.Publishable...).BindFunc(f.publishedCopy)
	k.Redirect = f.redirect
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(gone)
		return se.Next()
	})
	return f
}

// Error is a refusal with a Norwegian message for the editor and the HTTP
// status that fits it.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return e.Message }

func refuse(status int, format string, args ...any) error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// StatusOf is the HTTP status of an error from the workflow.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return http.StatusInternalServerError
}

// title names a record for the editor.
func title(r *core.Record) string {
	if t := r.GetString(schema.FieldTitle); t != "" {
		return t
	}
	if t := r.GetString(schema.FieldName); t != "" {
		return t
	}
	return r.Id
}

// CopyOf returns the working copy of the live record r, or nil.
func CopyOf(app core.App, r *core.Record) (*core.Record, error) {
	recs, err := app.FindAllRecords(r.Collection(), dbx.HashExp{schema.FieldWorkingCopyOf: r.Id})
	if err != nil {
		return nil, fmt.Errorf("find the working copy of %s %s: %w", r.Collection().Name, r.Id, err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs[0], nil
}

// live says whether r is a live record as its own fields say (not a copy,
// status publisert), whatever its schedule: a page whose takedown is
// scheduled is still changed only through a working copy.
func live(r *core.Record) bool {
	return !schema.IsWorkingCopy(r) && r.GetString(schema.FieldStatus) == schema.StatusPublished
}

// publishable says whether collection has records with a status.
func publishable(collection string) bool { return slices.Contains(schema.Publishable, collection) }
