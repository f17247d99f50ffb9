package schema

import (
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// What the public may see is decided here, once: Public for a record in Go,
// LiveFilter for a database query, and ReadRule for the API rules that the
// migrations froze (a test holds the three to the same answers).

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
// parameter {:now}: published, and not past their unpublish time (the
// scheduler also flips their status, but a read between that moment and
// the flip must not see them). prefix is "" for the record itself, or a
// relation and a dot ("rapport.") for its parent.
func LiveFilter(prefix string) string {
	return liveExpr(prefix, "{:now}")
}

func liveExpr(prefix, now string) string {
	return fmt.Sprintf("%[1]sstatus = '%[2]s' && (%[1]s%[3]s = '' || %[1]s%[3]s > %[4]s)", prefix, StatusPublished, FieldUnpublishAt, now)
}

// NowParam is the value of LiveFilter's {:now}: a time in the form
// PocketBase stores dates in, which compares as text.
func NowParam(now time.Time) string {
	at, _ := types.ParseDateTime(now)
	return at.String()
}

// ReadRule is the API list and view rule of a content collection, before
// the clause that keeps the public from filtering through back-relations:
// terms are public; a publishable record while it is live (and its parent
// is); a part of a report while the report is live.
func ReadRule(collection string) string {
	var rule string
	if slices.Contains(Publishable, collection) {
		rule = liveExpr("", "@now")
	}
	if parent, ok := Parents[collection]; ok {
		if rule != "" {
			rule += " && "
		}
		rule += liveExpr(parent.Field+".", "@now")
	}
	return rule
}

// Live reports whether r is published at now by its own fields.
func Live(r *core.Record, now time.Time) bool {
	if r.GetString(FieldStatus) != StatusPublished {
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
	if slices.Contains(Publishable, r.Collection().Name) && !Live(r, now) {
		return false
	}
	return parent == nil || Live(parent, now)
}
