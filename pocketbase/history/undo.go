package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Entry is one change of one record, as the history holds it.
type Entry struct {
	ID         string
	Collection string
	RecordID   string
	Title      string
	Action     string // opprettet, endret, slettet or gjenopprettet
	Who        string
	At         time.Time
	Before     map[string]any // nil for a creation
	After      map[string]any // nil for a deletion
}

func toEntry(r *core.Record) Entry {
	e := Entry{
		ID: r.Id, Collection: r.GetString("samling"), RecordID: r.GetString("post"), Title: r.GetString("tittel"),
		Action: r.GetString("handling"), Who: r.GetString("bruker"), At: r.GetDateTime("created").Time(),
	}
	json.Unmarshal([]byte(r.GetString("for")), &e.Before)
	json.Unmarshal([]byte(r.GetString("etter")), &e.After)
	return e
}

// Entries returns changes newest first: page (from 1) of perPage, of one
// record if recordID is set, else of all; and whether older ones follow.
func Entries(app core.App, collection, recordID string, page, perPage int) ([]Entry, bool, error) {
	q := app.RecordQuery(schema.History).OrderBy("created DESC", "rowid DESC").
		Limit(int64(perPage + 1)).Offset(int64(max(page-1, 0) * perPage))
	if recordID != "" {
		q = q.AndWhere(dbx.HashExp{"samling": collection, "post": recordID})
	}
	var recs []*core.Record
	if err := q.All(&recs); err != nil {
		return nil, false, fmt.Errorf("read the history: %w", err)
	}
	more := len(recs) > perPage
	if more {
		recs = recs[:perPage]
	}
	entries := make([]Entry, len(recs))
	for i, r := range recs {
		entries[i] = toEntry(r)
	}
	return entries, more, nil
}

// FindEntry returns one change; the error is a Norwegian sentence.
func FindEntry(app core.App, id string) (Entry, error) {
	r, err := app.FindRecordById(schema.History, id)
	if err != nil {
		return Entry{}, errors.New("Fant ikke endringen.")
	}
	return toEntry(r), nil
}

// FieldChange is one field of a record, before and after, as text.
type FieldChange struct {
	Field, Before, After string
}

// Changes lists the fields the change changed, in the collection's order.
func (e Entry) Changes(app core.App) []FieldChange {
	return fieldChanges(app, e.Collection, e.Before, e.After)
}

func fieldChanges(app core.App, collection string, before, after map[string]any) []FieldChange {
	coll, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil
	}
	var changes []FieldChange
	for _, f := range coll.Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypeAutodate || name == "id" {
			continue
		}
		b, a := text(app, f, before[name]), text(app, f, after[name])
		if b != a {
			changes = append(changes, FieldChange{Field: name, Before: b, After: a})
		}
	}
	return changes
}

// text shows a stored value as an editor reads it: a relation by the
// titles of what it points to.
func text(app core.App, f core.Field, v any) string {
	var items []string
	switch v := v.(type) {
	case nil:
		return ""
	case []any:
		for _, item := range v {
			items = append(items, fmt.Sprint(item))
		}
	case []string:
		items = v
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprint(int64(v))
		}
		return fmt.Sprint(v)
	default:
		items = []string{fmt.Sprint(v)}
	}
	if rel, ok := f.(*core.RelationField); ok && len(items) > 0 {
		if recs, err := app.FindRecordsByIds(rel.CollectionId, items); err == nil && len(recs) == len(items) {
			for i, r := range recs {
				items[i] = recordTitle(r)
			}
		}
	}
	return strings.Join(items, ", ")
}

func recordTitle(r *core.Record) string {
	if t := r.GetString(schema.FieldTitle); t != "" {
		return t
	}
	if n := r.GetString(schema.FieldName); n != "" {
		return n
	}
	return r.Id
}

// Undo is what undoing a change does now: whether it deletes the record
// (undoing its creation) or brings it back (undoing its deletion), and the
// fields it sets, from their value now to the one before the change.
type Undo struct {
	Entry   Entry
	Deletes bool
	Fields  []FieldChange
	values  map[string]any // field → value to set
	record  *core.Record   // nil when the record is gone
}

// Version names the state of the record the plan was made for: its
// updated time, or "" when it is gone. An undo confirmed for one version
// must not be carried out on another.
func (u Undo) Version() string {
	if u.record == nil {
		return ""
	}
	return u.record.GetDateTime("updated").String()
}

// PlanUndo says what undoing the change would do now. Undoing a change
// sets the fields that change changed back to their values before it, and
// leaves the others (changed later, perhaps) as they are. The error is a
// Norwegian sentence.
func PlanUndo(app core.App, entryID string) (Undo, error) {
	e, err := FindEntry(app, entryID)
	if err != nil {
		return Undo{}, err
	}
	coll, err := app.FindCollectionByNameOrId(e.Collection)
	if err != nil {
		return Undo{}, errors.New("Endringen hører til en samling som ikke finnes lenger.")
	}
	u := Undo{Entry: e, values: map[string]any{}}
	u.record, _ = app.FindRecordById(coll, e.RecordID)
	now := jsonRoundTrip(snapshot(u.record))
	switch {
	case e.Action == "opprettet" || e.Before == nil:
		if u.record == nil {
			return Undo{}, errors.New("Posten er allerede slettet.")
		}
		if parts, err := dependents(app, u.record); err != nil {
			return Undo{}, err
		} else if parts != "" {
			return Undo{}, fmt.Errorf("Å angre at posten ble opprettet, ville også slette %s. Slett dem først hvis det er meningen.", parts)
		}
		u.Deletes = true
		u.Fields = fieldChanges(app, coll.Name, now, nil)
		return u, nil
	case e.After == nil: // a deletion
		if u.record != nil {
			return Undo{}, errors.New("Posten finnes igjen; det er ingenting å hente tilbake.")
		}
		for name, v := range e.Before {
			u.values[name] = v
		}
	default:
		for _, c := range e.Changes(app) {
			u.values[c.Field] = e.Before[c.Field]
		}
	}
	// Files do not come back: PocketBase removed a replaced one.
	for _, f := range coll.Fields {
		if f.Type() == core.FieldTypeFile {
			delete(u.values, f.GetName())
		}
	}
	if len(u.values) == 0 {
		return Undo{}, errors.New("Endringen endret ingen felt som kan settes tilbake.")
	}
	after := snapshotMap(now)
	for name, v := range u.values {
		after[name] = v
	}
	u.Fields = fieldChanges(app, coll.Name, now, after)
	return u, nil
}

// Undo carries out the plan as a new change by by, and returns the
// record it changed: the undone one, or the working copy Redirect chose
// (nil when it deleted the record). Files are left as they are
// (PocketBase removes replaced files). The error is a Norwegian sentence.
func (k *Keeper) Undo(app core.App, u Undo, by *core.Record) (*core.Record, error) {
	coll, err := app.FindCollectionByNameOrId(u.Entry.Collection)
	if err != nil {
		return nil, errors.New("Endringen hører til en samling som ikke finnes lenger.")
	}
	if u.Deletes {
		k.actors.set(coll.Name, u.record.Id, actor{who: editor(by)})
		if err := app.Delete(u.record); err != nil {
			k.actors.take(coll.Name, u.record.Id)
			return nil, fmt.Errorf("Posten kunne ikke slettes: %w", err)
		}
		return nil, nil
	}
	r := u.record
	if r == nil {
		r = core.NewRecord(coll)
		r.Id = u.Entry.RecordID
	}
	r, err = k.target(app, r, slices.Collect(maps.Keys(u.values)), by)
	if err != nil {
		return nil, err
	}
	setVersion(r, u.values)
	k.actors.set(coll.Name, r.Id, actor{who: editor(by), restore: true})
	if err := app.Save(r); err != nil {
		k.actors.take(coll.Name, r.Id)
		return nil, fmt.Errorf("Endringen kunne ikke angres: %w", err)
	}
	return r, nil
}

// snapshotMap copies a snapshot; nil becomes empty.
func snapshotMap(m map[string]any) map[string]any {
	out := jsonRoundTrip(m)
	if out == nil {
		out = map[string]any{}
	}
	return out
}

// jsonRoundTrip gives a snapshot the form the history stores it in, so
// that values compare alike.
func jsonRoundTrip(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	data, err := json.Marshal(m)
	if err != nil {
		return m
	}
	var out map[string]any
	json.Unmarshal(data, &out)
	return out
}

// dependents names, in Norwegian, the records that deleting r would delete
// with it (a report's sections, members, links and grant round), or "".
func dependents(app core.App, r *core.Record) (string, error) {
	collections, err := app.FindAllCollections()
	if err != nil {
		return "", fmt.Errorf("read the collections: %w", err)
	}
	var parts []string
	for _, c := range collections {
		for _, f := range c.Fields {
			rel, ok := f.(*core.RelationField)
			if !ok || !rel.CascadeDelete || rel.CollectionId != r.Collection().Id {
				continue
			}
			n, err := app.CountRecords(c, dbx.HashExp{f.GetName(): r.Id})
			if err != nil {
				return "", fmt.Errorf("count the records of %s: %w", c.Name, err)
			}
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%d i %s", n, c.Name))
			}
		}
	}
	return strings.Join(parts, " og "), nil
}
