package records

import (
	"reflect"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// A field whose key in the content file (its toml tag) is also the name of
// a field of the record is mapped by that name, so the content struct
// declares it once. Only plain values go this way: a string or an int in a
// text, number, select, URL or e-mail field. Everything else (titles, relations,
// dates, lists, files, embedded images) is mapped by hand in the file of
// its collection.

// loadNamed fills the same-named fields of the struct v points to from r.
func loadNamed(r *core.Record, v any) {
	eachNamed(r.Collection(), reflect.ValueOf(v).Elem(), func(name string, field reflect.Value) {
		switch field.Kind() {
		case reflect.String:
			field.SetString(r.GetString(name))
		case reflect.Int:
			field.SetInt(int64(r.GetInt(name)))
		}
	})
}

// named sets the record's same-named fields from the struct v.
func (f *fields) named(v any) {
	eachNamed(f.r.Collection(), reflect.ValueOf(v), func(name string, field reflect.Value) {
		f.set(name, field.Interface())
	})
}

func eachNamed(c *core.Collection, v reflect.Value, do func(name string, field reflect.Value)) {
	t := v.Type()
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous || (sf.Type.Kind() != reflect.String && sf.Type.Kind() != reflect.Int) {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("toml"), ",")
		switch c.Fields.GetByName(name).(type) {
		case *core.TextField, *core.NumberField, *core.SelectField, *core.URLField, *core.EmailField:
			do(name, v.Field(i))
		}
	}
}
