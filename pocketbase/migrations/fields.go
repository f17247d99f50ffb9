// Package migrations creates the SSU content model in PocketBase. Each file
// is one change, registered in init() and applied by `ssu serve`, `ssu
// migrate up` and PocketBase's test app.
//
// A migration is a fixed record of one change, as PocketBase's own are:
// every collection name, field name, limit, value list and rule is spelled
// out here, never read from the Go values the rest of the code uses
// (pocketbase/schema, internal/content), which later changes may edit. A
// change to the model is a new migration. The tests bind the two: the
// schema snapshot (testdata/schema.json) shows every change as a diff, and
// the agreement test fails when a Go value no longer matches the migrated
// schema.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Helpers that keep each collection definition to one line a field. They
// are part of the migrations that call them: what one returns must never
// change. A later migration that needs another limit or text spells it out.

// id is the fixed collection id of a collection name, so that relations
// can be declared before the collection they point to exists.
func id(collection string) string { return "ssu_" + collection }

func text(name, help string, max int, required bool) *core.TextField {
	return &core.TextField{Name: name, Help: help, Max: max, Required: required}
}

func title(help string) *core.TextField {
	f := text("tittel", help, 200, true)
	f.Presentable = true
	return f
}

func slug(help string) *core.TextField {
	return text("slug", help, 100, false)
}

func body(help string) *core.TextField {
	return text("tekst", help, 100_000, false)
}

func description(help string) *core.TextField {
	return text("ingress", help, 600, false)
}

func integer(name, help string, min, max float64, required bool) *core.NumberField {
	return &core.NumberField{Name: name, Help: help, Min: types.Pointer(min), Max: types.Pointer(max), OnlyInt: true, Required: required}
}

func year(help string) *core.NumberField {
	f := integer("aar", help, 2000, 2100, true)
	f.Presentable = true
	return f
}

func order() *core.NumberField {
	return integer("rekkefolge", "Lavere tall kommer først.", 0, 10_000, false)
}

func relation(name, help, target string, maxSelect int, required bool) *core.RelationField {
	return &core.RelationField{Name: name, Help: help, CollectionId: id(target), MaxSelect: maxSelect, Required: required}
}

func report() *core.RelationField {
	f := relation("rapport", "Årsrapporten dette hører til.", "arsrapporter", 1, true)
	f.CascadeDelete = true
	return f
}

func themes() *core.RelationField {
	return relation("tema", "Temaer som går igjen på tvers av år.", "tema", 50, false)
}

func status() *core.SelectField {
	return &core.SelectField{
		Name:      "status",
		Help:      "Bare «publisert» kommer på det offentlige nettstedet. Nye poster er utkast.",
		Values:    []string{"utkast", "publisert"},
		MaxSelect: 1,
		Required:  true,
	}
}

func autodates() []core.Field {
	return []core.Field{
		&core.AutodateField{Name: "created", OnCreate: true},
		&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
	}
}

// collection makes a base collection with the fixed id, the fields, the
// autodates and read rules. Writes are left to superusers (nil rules).
func collection(name, readRule string, fields ...core.Field) *core.Collection {
	c := core.NewBaseCollection(name, id(name))
	for _, f := range append(fields, autodates()...) {
		c.Fields.Add(f)
	}
	c.ListRule = types.Pointer(readRule)
	c.ViewRule = types.Pointer(readRule)
	return c
}
