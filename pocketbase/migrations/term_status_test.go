package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
)

// TestTermStatusKeepsTermsPublic undoes the migration that gives terms a
// status, stores a term as the system did before it, and applies the
// migration again: the term is published, and the terms' read rule is the
// pages' own. Undone once more, with a draft and a working copy there,
// the copy goes and every term is public again.
func TestTermStatusKeepsTermsPublic(t *testing.T) {
	app := pbtest.NewApp(t)
	var up, down func(core.App) error
	for _, m := range core.AppMigrations.Items() {
		if strings.HasSuffix(m.File, "_term_status.go") {
			up, down = m.Up, m.Down
		}
	}
	if up == nil {
		t.Fatal("no migration *_term_status.go")
	}
	if err := down(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	old := save(t, app, "tema", map[string]any{"navn": "Gammelt tema", "slug": "gammelt-tema"})
	if err := up(app); err != nil {
		t.Fatalf("up: %v", err)
	}
	stored, err := app.FindRecordById("tema", old.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := stored.GetString("status"); got != "publisert" {
		t.Errorf("a term from before the migration has status %q; want publisert", got)
	}
	terms, err := app.FindCollectionByNameOrId("pasientgrupper")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := app.FindCollectionByNameOrId("prosjekter")
	if err != nil {
		t.Fatal(err)
	}
	if *terms.ListRule != *pages.ListRule || *terms.ViewRule != *pages.ViewRule {
		t.Errorf("the terms' read rule %q; want the pages' %q", *terms.ListRule, *pages.ListRule)
	}

	save(t, app, "tema", map[string]any{"navn": "Utkast", "slug": "utkast", "status": "utkast"})
	save(t, app, "tema", map[string]any{"navn": "Kopi", "slug": "gammelt-tema", "status": "utkast", "arbeidskopi_av": old.Id})
	if err := down(app); err != nil {
		t.Fatalf("down with a working copy: %v", err)
	}
	left, err := app.FindAllRecords("tema")
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 2 {
		t.Errorf("after down: %d terms; want the two that are not a working copy", len(left))
	}
}
