package records_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// unmapped are the record fields that are deliberately not in the content
// files: the schedule and the publishing workflow (working copies, who
// marked ready and approved) live in the database only.
var unmapped = []string{schema.FieldPublishAt, schema.FieldUnpublishAt,
	schema.FieldWorkingCopyOf, schema.FieldReadyBy, schema.FieldApprovedBy, schema.FieldAloneReason}

// TestEveryRecordFieldIsMapped imports a fixture that sets every field of
// every content struct (TestFixturesSetEveryField), and fails for a field
// of a content collection that no record got a value in: a record field
// that no content field is saved into. (A content field the load forgets
// fails the round trips of the same fixtures.)
func TestEveryRecordFieldIsMapped(t *testing.T) {
	app := pbtest.NewApp(t)
	if _, err := records.Save(app, contenttest.EveryField([]string{"Tekst"})); err != nil {
		t.Fatal(err)
	}
	for _, name := range schema.Content {
		coll, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := app.FindAllRecords(coll)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range coll.Fields {
			if f.GetSystem() || f.Type() == core.FieldTypeAutodate || slices.Contains(unmapped, f.GetName()) {
				continue
			}
			if !slices.ContainsFunc(recs, func(r *core.Record) bool { return !isZero(r.Get(f.GetName())) }) {
				t.Errorf("%s.%s is empty in every record after importing every field: map it in the file of %s, or list it in unmapped", name, f.GetName(), name)
			}
		}
	}
}

func isZero(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case []string:
		return len(v) == 0
	case fmt.Stringer:
		return v.String() == ""
	}
	return fmt.Sprint(v) == "" || fmt.Sprint(v) == "0" || fmt.Sprint(v) == "false"
}
