package history_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func undo(t *testing.T, app core.App, k *history.Keeper, entryID string) history.Undo {
	t.Helper()
	plan, err := history.PlanUndo(app, entryID)
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	if _, err := k.Undo(app, plan, pbtest.AddEditor(t, app)); err != nil {
		t.Fatalf("undo: %v", err)
	}
	return plan
}

// TestUndoTheFirstEdit: undoing a change sets the fields it changed back
// to what they were before it, even for the first edit of a page, and
// leaves later changes to other fields alone. The plan shows the
// difference first.
func TestUndoTheFirstEdit(t *testing.T) {
	app := pbtest.NewApp(t)
	k := history.Register(app)
	r := newProject(t, app, "Første tekst")
	r.Set(schema.FieldBody, "Andre tekst")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldTitle, "Nytt navn")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	changes, _, err := history.Entries(app, schema.Projects, r.Id, 1, 10)
	if err != nil || len(changes) != 3 {
		t.Fatalf("history: %d entries, %v; want 3", len(changes), err)
	}
	firstEdit := changes[1] // newest first: title, text, creation
	if got := firstEdit.Changes(app); len(got) != 1 || got[0].Field != schema.FieldBody || !strings.HasPrefix(got[0].Before, "Første tekst") {
		t.Fatalf("the first edit changed %+v; want only the text, from «Første tekst»", got)
	}

	plan := undo(t, app, k, firstEdit.ID)
	if len(plan.Fields) != 1 || !strings.HasPrefix(plan.Fields[0].Before, "Andre tekst") || !strings.HasPrefix(plan.Fields[0].After, "Første tekst") {
		t.Errorf("plan %+v; want the text from «Andre tekst» back to «Første tekst»", plan.Fields)
	}
	now, err := app.FindRecordById(schema.Projects, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := now.GetString(schema.FieldBody); !strings.HasPrefix(got, "Første tekst") {
		t.Errorf("text after undo %q; want «Første tekst»", got)
	}
	if got := now.GetString(schema.FieldTitle); got != "Nytt navn" {
		t.Errorf("title after undo %q; want the later change kept", got)
	}
	latest, _, _ := history.Entries(app, schema.Projects, r.Id, 1, 1)
	if latest[0].Action != "gjenopprettet" || latest[0].Who != pbtest.EditorEmail {
		t.Errorf("the undo is in the history as %q by %q; want gjenopprettet by the editor", latest[0].Action, latest[0].Who)
	}
}

// TestUndoCreationAndDeletion: undoing a creation deletes the page;
// undoing that deletion brings it back.
func TestUndoCreationAndDeletion(t *testing.T) {
	app := pbtest.NewApp(t)
	k := history.Register(app)
	r := newProject(t, app, "Tekst")
	created, _, _ := history.Entries(app, schema.Projects, r.Id, 1, 1)
	if plan := undo(t, app, k, created[0].ID); !plan.Deletes {
		t.Errorf("undoing a creation: plan does not delete")
	}
	if _, err := app.FindRecordById(schema.Projects, r.Id); err == nil {
		t.Fatal("the page is still there after undoing its creation")
	}
	deleted, _, _ := history.Entries(app, schema.Projects, r.Id, 1, 1)
	if deleted[0].Action != "slettet" {
		t.Fatalf("newest entry %q; want slettet", deleted[0].Action)
	}
	undo(t, app, k, deleted[0].ID)
	back, err := app.FindRecordById(schema.Projects, r.Id)
	if err != nil || back.GetString(schema.FieldTitle) != "Prosjekt" {
		t.Errorf("after undoing the deletion: %v, %v; want the page back", back, err)
	}
	if _, err := history.PlanUndo(app, deleted[0].ID); err == nil {
		t.Error("undoing the deletion twice is allowed; want a Norwegian refusal")
	}
}

// TestEntriesArePaged: the history of a page is newest first, in pages.
func TestEntriesArePaged(t *testing.T) {
	app := pbtest.NewApp(t)
	history.Register(app)
	r := newProject(t, app, "0")
	for i := 1; i <= 4; i++ {
		r.Set(schema.FieldBody, strings.Repeat("x", i))
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	for page := 1; ; page++ {
		got, more, err := history.Entries(app, schema.Projects, r.Id, page, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range got {
			seen = append(seen, e.ID)
		}
		if !more {
			break
		}
	}
	all, _, _ := history.Entries(app, schema.Projects, r.Id, 1, 100)
	var want []string
	for _, e := range all {
		want = append(want, e.ID)
	}
	if len(want) != 5 || !slices.Equal(seen, want) {
		t.Errorf("paged %v; want %v (5 entries)", seen, want)
	}
	if all[0].Action != "endret" || all[4].Action != "opprettet" {
		t.Errorf("order: newest %q, oldest %q; want newest first", all[0].Action, all[4].Action)
	}
}

// TestUndoCreationKeepsParts: undoing the creation of a report that has
// sections would delete them with it (cascade), so it is refused, naming
// them.
func TestUndoCreationKeepsParts(t *testing.T) {
	app := pbtest.NewApp(t)
	history.Register(app)
	reports, _ := app.FindCollectionByNameOrId(schema.Reports)
	report := core.NewRecord(reports)
	report.Set(schema.FieldYear, 2031)
	report.Set(schema.FieldTitle, "Rapport")
	if err := app.Save(report); err != nil {
		t.Fatal(err)
	}
	sections, _ := app.FindCollectionByNameOrId(schema.Sections)
	section := core.NewRecord(sections)
	section.Set(schema.FieldReport, report.Id)
	section.Set(schema.FieldTitle, "Del")
	if err := app.Save(section); err != nil {
		t.Fatal(err)
	}
	created, _, _ := history.Entries(app, schema.Reports, report.Id, 1, 1)
	_, err := history.PlanUndo(app, created[0].ID)
	if err == nil || !strings.Contains(err.Error(), "1 i "+schema.Sections) {
		t.Errorf("undoing the creation of a report with a section: %v; want a refusal naming the section", err)
	}
}
