package records

import (
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// A page's dates (content.Dates): publisert, when it was first published,
// and sist_endret, when what the public sees of it last changed. The save
// hooks set them from their clock; the import sets them from the files.

const (
	fieldPublished = "publisert"
	fieldChanged   = "sist_endret"
)

// notChanges are the fields whose change is no change of a page's content:
// its dates themselves, and the PDF the site makes of a report.
var notChanges = []string{fieldPublished, fieldChanged, fieldDocument}

func (l *loader) dates(r *core.Record) content.Dates {
	return content.Dates{
		Published: content.NewStamp(r.GetDateTime(fieldPublished).Time()),
		Changed:   content.NewStamp(r.GetDateTime(fieldChanged).Time()),
	}
}

// dates stores d in UTC, as PocketBase reads a date back, so that a record
// imported again from the same file is found unchanged.
func (f *fields) dates(d content.Dates) {
	f.set(fieldPublished, d.Published.Time().UTC())
	f.set(fieldChanged, d.Changed.Time().UTC())
}

// stamp sets a page record's dates on a save from the admin, the API or
// Go: what was sent for them is replaced by what is stored, then a save
// that leaves the page published and changes its content sets sist_endret
// to now, and publisert too the first time.
func stamp(app core.App, r *core.Record, now time.Time) error {
	// The stored record, not r.Original(): a record saved from Go keeps the
	// original it was read with through later saves.
	stored := core.NewRecord(r.Collection())
	if !r.IsNew() {
		var err error
		if stored, err = app.FindRecordById(r.Collection(), r.Id); err != nil {
			return fmt.Errorf("read the stored %s %s: %w", r.Collection().Name, r.Id, err)
		}
	}
	r.Set(fieldPublished, stored.Get(fieldPublished))
	r.Set(fieldChanged, stored.Get(fieldChanged))
	if r.GetString(schema.FieldStatus) != schema.StatusPublished || (!r.IsNew() && !contentChanged(r, stored)) {
		return nil
	}
	at := now.Truncate(time.Second)
	if r.GetDateTime(fieldPublished).IsZero() {
		r.Set(fieldPublished, at)
	}
	r.Set(fieldChanged, at)
	return nil
}

// contentChanged says whether saving r over stored changes any field but
// those of notChanges and the autodates.
func contentChanged(r, stored *core.Record) bool {
	for _, f := range r.Collection().Fields {
		name := f.GetName()
		if f.Type() == core.FieldTypeAutodate || slices.Contains(notChanges, name) {
			continue
		}
		if _, isUpload := r.GetRaw(name).(*filesystem.File); isUpload || len(r.GetUnsavedFiles(name)) > 0 {
			return true
		}
		if !reflect.DeepEqual(r.GetRaw(name), stored.GetRaw(name)) {
			return true
		}
	}
	return false
}

// reportParts are the collections whose records are parts of a report's
// page: a change to one is a change of the report.
var reportParts = []string{schema.Sections, schema.Memberships, schema.Links, schema.GrantRounds}

// touchReport sets sist_endret of the published report that part belongs
// to. It writes the one column, so the report's updated time (by which a
// save is checked as stale) and its history stay as they were. A section
// that stays as public or as hidden as it was leaves the report's file as
// it is: the site dates a report by the latest of its own sist_endret and
// its sections' (report-changed.html), so an edit of a section changes
// one content file, not two.
func touchReport(app core.App, part *core.Record, change partChange, now time.Time) error {
	if part.Collection().Name == schema.Sections {
		published := func(r *core.Record) bool { return r.GetString(schema.FieldStatus) == schema.StatusPublished }
		was, is := published(part.Original()), published(part)
		switch change {
		case partCreated:
			was = false
		case partDeleted:
			was, is = published(part), false
		}
		if was == is {
			return nil
		}
	}
	_, err := app.DB().NewQuery("UPDATE " + schema.Reports + " SET " + fieldChanged + " = {:at} WHERE id = {:id} AND " +
		schema.FieldStatus + " = {:published}").Bind(dbx.Params{
		"at":        stored(now),
		"id":        part.GetString(schema.FieldReport),
		"published": schema.StatusPublished,
	}).Execute()
	if err != nil {
		return fmt.Errorf("set sist_endret of the report of %s %s: %w", part.Collection().Name, part.Id, err)
	}
	return nil
}

// partChange is what happened to a part of a report.
type partChange int

const (
	partCreated partChange = iota
	partUpdated
	partDeleted
)

// stored is t to the second as PocketBase stores a date.
func stored(t time.Time) string {
	dt, _ := types.ParseDateTime(t.Truncate(time.Second))
	return dt.String()
}
