package records

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// registerPublicReads keeps the public API to what is public beyond the
// read rules: a relation to a record the public may not read is empty in
// what the public gets (a published membership replacing one in a draft
// report shows no erstatter), and the public may not sort through a
// relation (PocketBase drops the rows whose related record it may not
// read, so the order would hide rows instead of ordering them).
func registerPublicReads(app core.App, now func() time.Time) {
	app.OnRecordEnrich(schema.Content...).BindFunc(func(e *core.RecordEnrichEvent) error {
		if e.RequestInfo == nil || e.RequestInfo.HasSuperuserAuth() {
			return e.Next()
		}
		hideHiddenRelations(e.App, e.Record, now())
		return e.Next()
	})
	app.OnRecordsListRequest(schema.Content...).BindFunc(func(e *core.RecordsListRequestEvent) error {
		if !e.HasSuperuserAuth() && strings.Contains(e.Request.URL.Query().Get("sort"), ".") {
			return e.Error(http.StatusBadRequest, "Sortering etter felt i en annen samling er ikke tillatt.", nil)
		}
		return e.Next()
	})
}

// hideHiddenRelations empties r's relations to records not public at now.
func hideHiddenRelations(app core.App, r *core.Record, now time.Time) {
	own := schema.Parents[r.Collection().Name].Field // public, since r is
	for _, f := range r.Collection().Fields {
		rel, ok := f.(*core.RelationField)
		if !ok || rel.Name == own {
			continue
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil || !mayBeHidden(target.Name) {
			continue // every record of it is public
		}
		ids := r.GetStringSlice(rel.Name)
		kept := make([]string, 0, len(ids))
		for _, id := range ids {
			if t, err := app.FindRecordById(target, id); err == nil && schema.Public(app, t, now) {
				kept = append(kept, id)
			}
		}
		if len(kept) != len(ids) {
			r.Set(rel.Name, kept)
		}
	}
}

// mayBeHidden reports whether some records of collection are not public:
// those with a status, or with a parent that has one.
func mayBeHidden(collection string) bool {
	_, hasParent := schema.Parents[collection]
	return hasParent || slices.Contains(schema.Publishable, collection)
}
