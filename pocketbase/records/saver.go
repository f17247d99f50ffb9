package records

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// saver writes content values into records. The mapping of each content
// type is in the file of its collection.
type saver struct {
	app     core.App
	summary Summary
	termIDs map[string]string // taxonomy/slug → record id
}

func (s *saver) tree(tree *content.Tree) error {
	if err := s.terms(tree.Terms); err != nil {
		return err
	}
	for _, r := range tree.Reports {
		if err := s.report(r); err != nil {
			return err
		}
	}
	for _, p := range tree.Projects {
		if err := s.project(p); err != nil {
			return err
		}
	}
	for _, m := range tree.Meetings {
		if err := s.meeting(m); err != nil {
			return err
		}
	}
	for _, c := range tree.Committees {
		if err := s.committee(c); err != nil {
			return err
		}
	}
	return nil
}

// fields sets the fields of one record. It refuses a name the collection
// does not have, which PocketBase's Set would keep without a word.
type fields struct {
	s       *saver
	r       *core.Record
	unknown []string
}

func (f *fields) set(name string, value any) {
	if f.r.Collection().Fields.GetByName(name) == nil {
		f.unknown = append(f.unknown, name)
		return
	}
	f.r.Set(name, value)
}

// file attaches a file to a file field unless the stored one has the same
// bytes; an empty name clears the field.
func (f *fields) file(field, name string, data []byte) {
	if name == "" {
		f.set(field, nil)
		return
	}
	if current := f.r.GetString(field); current != "" && !f.r.IsNew() {
		if stored, err := (&loader{app: f.s.app}).file(f.r, current); err == nil && bytes.Equal(stored, data) {
			return
		}
	}
	file, err := filesystem.NewFileFromBytes(data, name)
	if err != nil {
		return // an empty file; the record's own validation says so
	}
	f.set(field, file)
}

// image stores a page's image and its alternative text.
func (f *fields) image(img content.Image) {
	f.file(schema.FieldImage, img.Name, img.Data)
	f.set(schema.FieldImageAlt, img.Alt)
}

// terms sets a relation to terms from their slugs; Validate has checked
// that they exist.
func (f *fields) terms(field, taxonomy string, slugs []string) {
	ids := make([]string, 0, len(slugs))
	for _, slug := range slugs {
		ids = append(ids, f.s.termIDs[taxonomy+"/"+slug])
	}
	f.set(field, ids)
}

// status stores a content value's draft mark as the record's status.
func (f *fields) status(draft bool) {
	if draft {
		f.set(schema.FieldStatus, schema.StatusDraft)
	} else {
		f.set(schema.FieldStatus, schema.StatusPublished)
	}
}

// upsert finds the record with the natural key, or makes a new one, lets
// fill set its fields, and saves it only if something changed. file is the
// content file the record comes from, for error messages.
func (s *saver) upsert(file, collection string, key dbx.HashExp, fill func(*fields)) (*core.Record, error) {
	counts := s.summary.add(collection)
	q := s.app.RecordQuery(collection).AndWhere(key).Limit(1)
	if slices.Contains(schema.Publishable, collection) {
		q = liveOnly(q) // the live record, not its copy
	}
	rec := &core.Record{}
	err := q.One(rec)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		coll, err := s.app.FindCachedCollectionByNameOrId(collection)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		rec = core.NewRecord(coll)
	case err != nil:
		return nil, fmt.Errorf("%s: find %s: %w", file, collection, err)
	}
	f := &fields{s: s, r: rec}
	fill(f)
	if len(f.unknown) > 0 {
		return nil, fmt.Errorf("%s: %s has no field %s", file, collection, strings.Join(f.unknown, ", "))
	}
	if !rec.IsNew() && !changed(rec) {
		counts.Unchanged++
		return rec, nil
	}
	isNew := rec.IsNew()
	if err := s.app.SaveWithContext(importing, rec); err != nil {
		return nil, saveError(file, rec, err)
	}
	if isNew {
		counts.Created++
	} else {
		counts.Updated++
	}
	return rec, nil
}

// changed compares every stored field with its value when it was loaded.
func changed(rec *core.Record) bool {
	original := rec.Original()
	for _, f := range rec.Collection().Fields {
		if f.Type() == core.FieldTypeAutodate {
			continue
		}
		name := f.GetName()
		if _, isUpload := rec.GetRaw(name).(*filesystem.File); isUpload {
			return true
		}
		if !reflect.DeepEqual(rec.GetRaw(name), original.GetRaw(name)) {
			return true
		}
	}
	return false
}

// removeOthers deletes the records of a collection that belong to parent
// and are not in kept: the parent's file lists them all.
func (s *saver) removeOthers(collection string, parent *core.Record, kept map[string]bool) error {
	recs, err := s.app.FindAllRecords(collection, dbx.HashExp{schema.Parents[collection].Field: parent.Id})
	if err != nil {
		return fmt.Errorf("read %s: %w", collection, err)
	}
	for _, r := range recs {
		if kept[r.Id] {
			continue
		}
		if err := s.app.DeleteWithContext(importing, r); err != nil {
			return fmt.Errorf("delete %s %s: %w", collection, r.Id, err)
		}
		s.summary.add(collection).Removed++
	}
	return nil
}

func saveError(file string, rec *core.Record, err error) error {
	return fmt.Errorf("%s: kunne ikke lagre i %s: %w", file, rec.Collection().Name, err)
}

// liveOnly narrows a query of a publishable collection to live records,
// not working copies: arbeidskopi_av equal to the empty string, as a plain
// equality. PocketBase's filter for the same widens it to "or NULL", and
// SQLite then cannot use the unique indexes on the natural keys, which
// hold live records only: it scanned the whole table twice for every
// record saved (an import of 10,000 pages took 30 s).
func liveOnly(q *dbx.SelectQuery) *dbx.SelectQuery {
	return q.AndWhere(dbx.HashExp{schema.FieldWorkingCopyOf: ""})
}
