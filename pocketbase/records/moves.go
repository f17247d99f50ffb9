package records

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// A page's old addresses (content.OldAddresses), one a line in
// tidligere_adresser: when a published page moves (its slug or year, or
// its report's or committee's, changes), the save adds the address it had,
// so that it redirects to the new one in every later export.

const fieldOldAddresses = "tidligere_adresser"

func (l *loader) oldAddresses(r *core.Record) content.OldAddresses {
	return content.OldAddresses{Aliases: lines(r.GetString(fieldOldAddresses))}
}

func (f *fields) oldAddresses(o content.OldAddresses) {
	f.set(fieldOldAddresses, strings.Join(o.Aliases, "\n"))
}

// checkOldAddresses refuses, under the field, a line that is not the
// address a page could have had.
func checkOldAddresses(r *core.Record) error {
	for _, a := range lines(r.GetString(fieldOldAddresses)) {
		if err := content.CheckAlias(a); err != nil {
			return validation.Errors{fieldOldAddresses: validation.NewError("validation_ssu_alias", capitalize(err.Error())+".")}
		}
	}
	return nil
}

// children are the collections whose pages are addressed under a page of
// another: a report's sections, a committee's statuses.
var children = map[string]struct{ collection, parentField string }{
	schema.Reports:    {schema.Sections, schema.FieldReport},
	schema.Committees: {schema.CommitteeStatus, schema.FieldCommittee},
}

// recordMove wraps the update of a page record: before it, the record's old
// address is added to its old addresses (its new one taken out, for a page
// moved back), and after it the old addresses of the pages under it that
// moved with it.
func recordMove(e *core.RecordEvent) error {
	if e.Record.Collection().Fields.GetByName(fieldOldAddresses) == nil {
		return e.Next() // a term keeps no old addresses
	}
	stored, err := e.App.FindRecordById(e.Record.Collection(), e.Record.Id)
	if err != nil {
		return fmt.Errorf("read the stored %s %s: %w", e.Record.Collection().Name, e.Record.Id, err)
	}
	from, hadPage := PageOf(e.App, stored)
	to, hasPage := PageOf(e.App, e.Record)
	if hadPage && hasPage {
		moveAddresses(e.Record, from.URL, to.URL, stored.GetString(schema.FieldStatus) == schema.StatusPublished)
	}
	// The pages under it, where they were.
	var under []*core.Record
	before := map[string]string{}
	if c, ok := children[e.Record.Collection().Name]; ok {
		if under, err = e.App.FindAllRecords(c.collection, dbx.HashExp{c.parentField: e.Record.Id}); err != nil {
			return fmt.Errorf("read the %s of %s %s: %w", c.collection, e.Record.Collection().Name, e.Record.Id, err)
		}
		for _, child := range under {
			if loc, ok := PageOf(e.App, child); ok {
				before[child.Id] = loc.URL
			}
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	for _, child := range under {
		to, ok := PageOf(e.App, child)
		if !ok || before[child.Id] == to.URL {
			continue
		}
		moveAddresses(child, before[child.Id], to.URL, child.GetString(schema.FieldStatus) == schema.StatusPublished)
		// One column, as touchReport writes: the child's own save (its
		// updated time, its history, its dates) is not what changed.
		_, err := e.App.DB().Update(child.Collection().Name, dbx.Params{fieldOldAddresses: child.GetString(fieldOldAddresses)}, dbx.HashExp{"id": child.Id}).Execute()
		if err != nil {
			return fmt.Errorf("keep the old address of %s %s: %w", child.Collection().Name, child.Id, err)
		}
	}
	return nil
}

// moveAddresses sets r's old addresses for a move from one address to
// another: the old one is added if the page was public there, and the new
// one is no longer old.
func moveAddresses(r *core.Record, from, to string, wasPublic bool) {
	if from == to {
		return
	}
	old := lines(r.GetString(fieldOldAddresses))
	if wasPublic && !slices.Contains(old, from) {
		old = append(old, from)
	}
	old = slices.DeleteFunc(old, func(a string) bool { return a == to })
	r.Set(fieldOldAddresses, strings.Join(old, "\n"))
}
