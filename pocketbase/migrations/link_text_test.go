package migrations_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
)

// TestLinkTextKeepsAddresses stores a source link, then undoes and redoes
// the migration that makes lenker.url a text field: the address is kept
// each way, and the field is a text field that takes a tel: number.
func TestLinkTextKeepsAddresses(t *testing.T) {
	app := pbtest.NewApp(t)
	var up, down func(core.App) error
	for _, m := range core.AppMigrations.Items() {
		if strings.HasSuffix(m.File, "_link_text.go") {
			up, down = m.Up, m.Down
		}
	}
	if up == nil {
		t.Fatal("no migration *_link_text.go")
	}
	before, err := app.FindCollectionByNameOrId("lenker")
	if err != nil {
		t.Fatal(err)
	}
	fields := len(before.Fields) // the migration swaps one field for another
	report := save(t, app, "arsrapporter", map[string]any{"aar": 2031, "tittel": "Rapport"})
	link := save(t, app, "lenker", map[string]any{"rapport": report.Id, "tittel": "Kilde", "url": "https://example.org/a?b=c"})
	for _, step := range []struct {
		name string
		run  func(core.App) error
		want string // the field's type
	}{{"down", down, core.FieldTypeURL}, {"up", up, core.FieldTypeText}} {
		if err := step.run(app); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		c, err := app.FindCollectionByNameOrId("lenker")
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Fields.GetByName("url").Type(); got != step.want || len(c.Fields) != fields {
			t.Errorf("after %s: url is %s, %d fields; want %s, %d", step.name, got, len(c.Fields), step.want, fields)
		}
		stored, err := app.FindRecordById("lenker", link.Id)
		if err != nil {
			t.Fatal(err)
		}
		if got := stored.GetString("url"); got != "https://example.org/a?b=c" {
			t.Errorf("after %s: url = %q; want the address kept", step.name, got)
		}
	}
	save(t, app, "lenker", map[string]any{"rapport": report.Id, "tittel": "Ring oss", "url": "tel:+4712345678"})
}

func save(t *testing.T, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	c, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(c)
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	return r
}
