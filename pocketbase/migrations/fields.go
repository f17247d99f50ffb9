// Package migrations creates the SSU content model in PocketBase. Each file
// is one change, registered in init() and applied by `ssu serve`, `ssu
// migrate up` and PocketBase's test app.
package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Helpers that keep each collection definition to one line a field.

func text(name, help string, max int, required bool) *core.TextField {
	return &core.TextField{Name: name, Help: help, Max: max, Required: required}
}

func title(help string) *core.TextField {
	f := text(schema.FieldTitle, help, content.MaxTitle, true)
	f.Presentable = true
	return f
}

func slug(help string) *core.TextField {
	return text(schema.FieldSlug, help, content.MaxSlugLength, false)
}

func body(help string) *core.TextField {
	return text(schema.FieldBody, help, content.MaxBody, false)
}

func description(help string) *core.TextField {
	return text(schema.FieldDescription, help, content.MaxDescription, false)
}

func integer(name, help string, min, max float64, required bool) *core.NumberField {
	return &core.NumberField{Name: name, Help: help, Min: types.Pointer(min), Max: types.Pointer(max), OnlyInt: true, Required: required}
}

func year(help string) *core.NumberField {
	f := integer(schema.FieldYear, help, content.MinYear, content.MaxYear, true)
	f.Presentable = true
	return f
}

func order() *core.NumberField {
	return integer(schema.FieldOrder, "Lavere tall kommer først.", 0, 10_000, false)
}

func relation(name, help, target string, maxSelect int, required bool) *core.RelationField {
	return &core.RelationField{Name: name, Help: help, CollectionId: schema.ID(target), MaxSelect: maxSelect, Required: required}
}

func report() *core.RelationField {
	f := relation(schema.FieldReport, "Årsrapporten dette hører til.", schema.Reports, 1, true)
	f.CascadeDelete = true
	return f
}

func themes() *core.RelationField {
	return relation(schema.FieldThemes, "Temaer som går igjen på tvers av år.", schema.Themes, 50, false)
}

func status() *core.SelectField {
	return &core.SelectField{
		Name:      schema.FieldStatus,
		Help:      "Bare «publisert» kommer på det offentlige nettstedet. Nye poster er utkast.",
		Values:    []string{schema.StatusDraft, schema.StatusPublished},
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
	c := core.NewBaseCollection(name, schema.ID(name))
	for _, f := range append(fields, autodates()...) {
		c.Fields.Add(f)
	}
	c.ListRule = types.Pointer(readRule)
	c.ViewRule = types.Pointer(readRule)
	return c
}
