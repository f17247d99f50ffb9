// Package history keeps every version of every content record: who changed
// it, when, and the record before and after, in the historikk collection.
// An editor can restore a version; the restore is itself a new change.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sync"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Collections are the content collections whose changes are kept.
var Collections = schema.Content

// workflowFields are set by the publishing workflow only, never by a
// restore.
var workflowFields = []string{schema.FieldWorkingCopyOf, schema.FieldReadyBy, schema.FieldApprovedBy, schema.FieldAloneReason}

// System is who a change is by when no editor made it (the scheduler, an
// import).
const System = "system"

// actors carries who is changing a record from the API request hook, which
// knows the editor, to the model hook, which writes the history: PocketBase
// does not pass the request's context into the save.
type actors struct {
	mu sync.Mutex
	by map[string]actor // collection/id → actor
}

type actor struct {
	who     string
	restore bool
}

func (a *actors) set(collection, id string, who actor) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.by[collection+"/"+id] = who
}

func (a *actors) take(collection, id string) actor {
	a.mu.Lock()
	defer a.mu.Unlock()
	key := collection + "/" + id
	who, ok := a.by[key]
	if !ok {
		return actor{who: System}
	}
	delete(a.by, key)
	return who
}

// Keeper writes the history and restores versions.
type Keeper struct {
	actors *actors

	// Redirect, if set, says where a restore or an undo that sets the
	// given fields of r is saved instead of on r: a published page's
	// working copy, so that old text goes live only through approval. It
	// returns r itself where the change may be made in place.
	Redirect func(app core.App, r *core.Record, fields []string, by *core.Record) (*core.Record, error)
}

// Save saves r as a change by the editor by, for endpoints of other
// packages that change records for an editor.
func (k *Keeper) Save(app core.App, r, by *core.Record) error {
	k.actors.set(r.Collection().Name, r.Id, actor{who: editor(by)})
	if err := app.Save(r); err != nil {
		k.actors.take(r.Collection().Name, r.Id)
		return err
	}
	return nil
}

// Delete deletes r as a change by the editor by.
func (k *Keeper) Delete(app core.App, r, by *core.Record) error {
	k.actors.set(r.Collection().Name, r.Id, actor{who: editor(by)})
	if err := app.Delete(r); err != nil {
		k.actors.take(r.Collection().Name, r.Id)
		return err
	}
	return nil
}

// target is the record a restore or undo of fields of r is saved on.
func (k *Keeper) target(app core.App, r *core.Record, fields []string, by *core.Record) (*core.Record, error) {
	if k.Redirect == nil || r.IsNew() {
		return r, nil
	}
	return k.Redirect(app, r, fields, by)
}

// Editor is how the history names the editor by (their email), the name
// the workflow records who marked ready and who approved under.
func Editor(by *core.Record) string { return editor(by) }

// Register writes history for every change to a content record, from the
// admin, the API or Go, and adds the restore route.
func Register(app core.App) *Keeper {
	a := &actors{by: map[string]actor{}}
	k := &Keeper{actors: a}

	// Request hooks: note the editor under the record's id.
	app.OnRecordCreateRequest(Collections...).BindFunc(func(e *core.RecordRequestEvent) error {
		if e.Record.Id == "" {
			e.Record.Id = core.GenerateDefaultRandomId()
		}
		return a.during(e)
	})
	app.OnRecordUpdateRequest(Collections...).BindFunc(a.during)
	app.OnRecordDeleteRequest(Collections...).BindFunc(a.during)

	// Model hooks: write the entry in the same transaction as the change.
	app.OnRecordCreate(Collections...).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return write(e.App, a.take(e.Record.Collection().Name, e.Record.Id), "opprettet", nil, e.Record)
	})
	app.OnRecordUpdate(Collections...).BindFunc(func(e *core.RecordEvent) error {
		before, err := e.App.FindRecordById(e.Record.Collection(), e.Record.Id)
		if err != nil {
			return fmt.Errorf("read %s %s before the change: %w", e.Record.Collection().Name, e.Record.Id, err)
		}
		if err := e.Next(); err != nil {
			return err
		}
		return write(e.App, a.take(e.Record.Collection().Name, e.Record.Id), "endret", before, e.Record)
	})
	app.OnRecordDelete(Collections...).BindFunc(func(e *core.RecordEvent) error {
		if err := e.Next(); err != nil {
			return err
		}
		return write(e.App, a.take(e.Record.Collection().Name, e.Record.Id), "slettet", e.Record, nil)
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.POST("/api/ssu/historikk/{id}/gjenopprett", func(e *core.RequestEvent) error {
			collection, id, err := k.Restore(e.App, e.Request.PathValue("id"), e.Auth)
			if err != nil {
				return e.BadRequestError(err.Error(), err)
			}
			return e.JSON(http.StatusOK, map[string]any{"samling": collection, "post": id, "melding": "Versjonen er gjenopprettet."})
		}).Bind(apis.RequireSuperuserAuth())
		return se.Next()
	})
	return k
}

// during notes the editor for the length of a request; a request that
// fails before the save leaves no note behind.
func (a *actors) during(e *core.RecordRequestEvent) error {
	a.set(e.Collection.Name, e.Record.Id, actor{who: editor(e.Auth)})
	defer a.take(e.Collection.Name, e.Record.Id)
	return e.Next()
}

func editor(auth *core.Record) string {
	if auth == nil {
		return System
	}
	if email := auth.Email(); email != "" {
		return email
	}
	return auth.Id
}

// snapshot is a record's stored fields, without the autodates.
func snapshot(r *core.Record) map[string]any {
	if r == nil {
		return nil
	}
	data := map[string]any{"id": r.Id}
	for _, f := range r.Collection().Fields {
		if f.Type() == core.FieldTypeAutodate || f.GetName() == "id" {
			continue
		}
		data[f.GetName()] = r.Get(f.GetName())
	}
	return data
}

func write(app core.App, who actor, action string, before, after *core.Record) error {
	coll, err := app.FindCachedCollectionByNameOrId(schema.History)
	if err != nil {
		return fmt.Errorf("history collection: %w", err)
	}
	subject := after
	if subject == nil {
		subject = before
	}
	if who.restore {
		action = "gjenopprettet"
	}
	title := subject.GetString(schema.FieldTitle)
	if title == "" {
		title = subject.GetString(schema.FieldName)
	}
	h := core.NewRecord(coll)
	h.Set("samling", subject.Collection().Name)
	h.Set("post", subject.Id)
	h.Set("tittel", title)
	h.Set("handling", action)
	h.Set("bruker", who.who)
	h.Set("for", snapshot(before))
	h.Set("etter", snapshot(after))
	if err := app.Save(h); err != nil {
		return fmt.Errorf("write history of %s %s: %w", subject.Collection().Name, subject.Id, err)
	}
	return nil
}

// Restore brings a record back to the version a history entry holds: the
// state after the change, or, for a deletion, the record as it was. Files
// are left as they are (PocketBase removes replaced files). The restore is
// a new change by by. Errors are Norwegian sentences for the editor.
func (k *Keeper) Restore(app core.App, entryID string, by *core.Record) (collection, recordID string, err error) {
	entry, err := app.FindRecordById(schema.History, entryID)
	if err != nil {
		return "", "", errors.New("Fant ikke versjonen.")
	}
	version := map[string]any{}
	field := "etter"
	if entry.GetString("handling") == "slettet" {
		field = "for"
	}
	if err := json.Unmarshal([]byte(entry.GetString(field)), &version); err != nil || len(version) == 0 {
		return "", "", errors.New("Versjonen kan ikke gjenopprettes: den er tom.")
	}
	coll, err := app.FindCollectionByNameOrId(entry.GetString("samling"))
	if err != nil || !slices.Contains(Collections, coll.Name) {
		return "", "", errors.New("Versjonen hører til en samling som ikke kan gjenopprettes.")
	}

	id := entry.GetString("post")
	r, err := app.FindRecordById(coll, id)
	if err != nil {
		r = core.NewRecord(coll)
		r.Id = id
	}
	if r, err = k.target(app, r, slices.Collect(maps.Keys(version)), by); err != nil {
		return "", "", err
	}
	setVersion(r, version)
	k.actors.set(coll.Name, r.Id, actor{who: editor(by), restore: true})
	if err := app.Save(r); err != nil {
		k.actors.take(coll.Name, r.Id)
		return "", "", fmt.Errorf("Versjonen kunne ikke lagres: %w", err)
	}
	return coll.Name, r.Id, nil
}

// setVersion sets the stored fields of r that version holds, leaving the
// id, the autodates and the files (PocketBase removed a replaced file) as
// they are, and the workflow's fields: a working copy stays one.
func setVersion(r *core.Record, version map[string]any) {
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypeAutodate || f.Type() == core.FieldTypeFile || name == "id" || slices.Contains(workflowFields, name) {
			continue
		}
		if name == schema.FieldStatus && schema.IsWorkingCopy(r) {
			continue
		}
		if v, ok := version[name]; ok {
			r.Set(name, v)
		}
	}
}
