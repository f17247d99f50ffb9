package schema

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// What the public may see is decided here, once: Public for a record in Go,
// and LiveFilter and HiddenFilter for a database query. The API rules, which the migrations
// froze, say the same; a test over the rules matrix holds the three to the
// same answers.

// Parent is the record another one is public through: the relation field
// that points to it, and its collection.
type Parent struct{ Field, Collection string }

// Parents are the parents of the collections whose records are public only
// while their parent is.
var Parents = map[string]Parent{
	Sections:        {FieldReport, Reports},
	Memberships:     {FieldReport, Reports},
	Links:           {FieldReport, Reports},
	GrantRounds:     {FieldReport, Reports},
	CommitteeStatus: {FieldCommittee, Committees},
}

// LiveFilter is the filter for records published at the time in the
// parameter {:now} (see NowParam): published, and not past their unpublish
// time (the scheduler also flips their status, but a read between that
// moment and the flip must not see them).
// A working copy is never live.
const LiveFilter = FieldWorkingCopyOf + " = '' && status = '" + StatusPublished + "' && (" + FieldUnpublishAt + " = '' || " + FieldUnpublishAt + " > {:now})"

// HiddenFilter is the filter for the records of collection that are not
// public at {:now}: LiveFilter negated, for the record itself if it has a
// status and for its parent if it has one. (PocketBase's filters have no
// "not", so the negation is written out.)
func HiddenFilter(collection string) string {
	hidden := func(prefix string) string {
		return fmt.Sprintf("%[1]s%[5]s != '' || %[1]s%[2]s != '%[3]s' || (%[1]s%[4]s != '' && %[1]s%[4]s <= {:now})", prefix, FieldStatus, StatusPublished, FieldUnpublishAt, FieldWorkingCopyOf)
	}
	var parts []string
	if slices.Contains(Publishable, collection) {
		parts = append(parts, hidden(""))
	}
	if slices.Contains(CopiedParts, collection) {
		parts = append(parts, FieldWorkingCopyOf+" != ''")
	}
	if p, ok := Parents[collection]; ok {
		parts = append(parts, hidden(p.Field+"."))
	}
	return strings.Join(parts, " || ")
}

// NowParam is the value of LiveFilter's {:now}: a time in the form
// PocketBase stores dates in, which compares as text.
func NowParam(now time.Time) string {
	at, _ := types.ParseDateTime(now)
	return at.String()
}

// Live reports whether r is published at now by its own fields.
func Live(r *core.Record, now time.Time) bool {
	if IsWorkingCopy(r) || r.GetString(FieldStatus) != StatusPublished {
		return false
	}
	until := r.GetDateTime(FieldUnpublishAt)
	return until.IsZero() || until.Time().After(now)
}

// Public reports whether r is on the public site at now. A record being
// deleted is judged by its last state; one whose parent is gone is not
// public.
func Public(app core.App, r *core.Record, now time.Time) bool {
	p, ok := Parents[r.Collection().Name]
	if !ok {
		return PublicWith(r, nil, now)
	}
	parent, err := app.FindRecordById(p.Collection, r.GetString(p.Field))
	return err == nil && PublicWith(r, parent, now)
}

// PublicWith is Public for a record whose parent is at hand (nil for a
// record without one).
func PublicWith(r, parent *core.Record, now time.Time) bool {
	if slices.Contains(Publishable, r.Collection().Name) && !Live(r, now) || IsWorkingCopy(r) {
		return false
	}
	return parent == nil || Live(parent, now)
}

// IsWorkingCopy reports whether r is the working copy of a live record (or
// a part of a report's working copy that copies a live part).
func IsWorkingCopy(r *core.Record) bool {
	return r.GetString(FieldWorkingCopyOf) != ""
}
