package contenttest_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// notInFixtures are the content fields the fixtures leave at zero on
// purpose: a public tree has no drafts and no working copies (the
// preview's tests have them).
var notInFixtures = []string{"Draft", "WorkingCopy"}

// TestFixturesSetEveryField fails when a field of a content struct is zero
// in every value of its type in a fixture, so that a new field cannot go
// untested by the round trips that use the fixtures.
func TestFixturesSetEveryField(t *testing.T) {
	for name, tree := range map[string]*content.Tree{
		"EveryField": contenttest.EveryField([]string{"Tekst"}),
		"EdgeCases":  contenttest.EdgeCases(),
	} {
		seen := map[reflect.Type]map[string]bool{}
		markSet(reflect.ValueOf(*tree), seen)
		for typ, fields := range seen {
			for i := range typ.NumField() {
				f := typ.Field(i)
				if !fields[f.Name] && !slices.Contains(notInFixtures, f.Name) {
					t.Errorf("%s leaves %s.%s at its zero value everywhere; set it in the fixture", name, typ.Name(), f.Name)
				}
			}
		}
	}
}

// markSet records, for every struct type of the content package found in
// v, the fields that are not zero in at least one value.
func markSet(v reflect.Value, seen map[reflect.Type]map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			markSet(v.Elem(), seen)
		}
	case reflect.Slice:
		for i := range v.Len() {
			markSet(v.Index(i), seen)
		}
	case reflect.Struct:
		typ := v.Type()
		if typ == reflect.TypeFor[content.Date]() || !strings.HasSuffix(typ.PkgPath(), "internal/content") {
			return
		}
		if seen[typ] == nil {
			seen[typ] = map[string]bool{}
		}
		for i := range typ.NumField() {
			if !v.Field(i).IsZero() {
				seen[typ][typ.Field(i).Name] = true
			}
			markSet(v.Field(i), seen)
		}
	}
}
