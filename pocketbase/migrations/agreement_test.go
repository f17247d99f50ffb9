package migrations_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// The migrations spell out every name, limit and value list, and the rest
// of the code uses the Go values of pocketbase/schema and internal/content.
// The Go value is the definition; the migration is a frozen record of it.
// TestGoValuesAgreeWithMigrations binds the two, so that a Go value changed
// without a migration (or a migration without the Go value) fails here.
func TestGoValuesAgreeWithMigrations(t *testing.T) {
	for _, d := range disagreements(pbtest.NewApp(t)) {
		t.Error(d)
	}
}

// TestNewPublishableCollection appends a collection that no migration
// creates to schema.Publishable, as the first step of adding one would: a
// fresh database must still migrate (migration 1795392003 used to look the
// name up and fail), and the agreement test must name what is missing.
func TestNewPublishableCollection(t *testing.T) {
	saved := schema.Publishable
	schema.Publishable = append(slices.Clone(saved), "nyheter")
	t.Cleanup(func() { schema.Publishable = saved })

	app := pbtest.NewApp(t)
	want := `schema.Publishable names "nyheter", which the migrations do not create`
	if got := disagreements(app); !slices.Contains(got, want) {
		t.Errorf("disagreements = %q; want one to be %q", got, want)
	}
}

// TestMigrationsImportNoModelPackage keeps the migrations frozen: a
// migration that imported the Go model would change when the model does.
func TestMigrationsImportNoModelPackage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(path, "github.com/helsefellesskap-vest-viken/ssu/") {
				t.Errorf("%s imports %s; a migration spells out what it creates", file, path)
			}
		}
	}
}

// disagreements lists every way the Go values of schema and content
// differ from the schema the migrations make in app.
func disagreements(app core.App) []string {
	var out []string
	fail := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	all, err := app.FindAllCollections()
	if err != nil {
		return []string{err.Error()}
	}
	byName := map[string]*core.Collection{}
	for _, c := range all {
		byName[c.Name] = c
	}

	// The collections: ours have the fixed ids, and schema.Content lists
	// those the public may read, each after those its relations point to.
	ours := slices.Concat(schema.Content, []string{schema.Publications, schema.History, schema.WordList})
	for _, c := range all {
		if strings.HasPrefix(c.Id, "ssu_") && !slices.Contains(ours, c.Name) {
			fail("collection %s is in neither schema.Content nor schema.Publications/History/WordList", c.Name)
		}
		if !c.System && c.ListRule != nil && !slices.Contains(schema.Content, c.Name) {
			fail("collection %s is readable by the public but not in schema.Content", c.Name)
		}
	}
	for i, name := range schema.Content {
		c := byName[name]
		if c == nil {
			fail("schema.Content names %q, which the migrations do not create", name)
			continue
		}
		if c.ListRule == nil || c.ViewRule == nil {
			fail("%s is in schema.Content but the public cannot read it", name)
		}
		for _, f := range c.Fields {
			if r, ok := f.(*core.RelationField); ok && r.CollectionId != c.Id &&
				!slices.ContainsFunc(schema.Content[:i], func(n string) bool { return schema.ID(n) == r.CollectionId }) {
				fail("%s.%s points to %s, which schema.Content does not list before %s", name, r.Name, r.CollectionId, name)
			}
		}
	}
	for _, name := range ours {
		if c := byName[name]; c != nil && c.Id != schema.ID(name) {
			fail("%s has id %s; want schema.ID = %s", name, c.Id, schema.ID(name))
		}
	}
	for taxonomy, name := range schema.TermCollections {
		if !slices.Contains(schema.Content, name) {
			fail("schema.TermCollections[%q] = %q is not in schema.Content", taxonomy, name)
		}
	}

	// Publishing: the publishable collections are the content collections
	// with a status of their own. (TestVisibilityAgreesWithRules holds
	// their rules to schema.Public.)
	for _, name := range schema.Content {
		if c := byName[name]; c != nil && c.Fields.GetByName(schema.FieldStatus) != nil && !slices.Contains(schema.Publishable, name) {
			fail("%s has a %s field but is not in schema.Publishable", name, schema.FieldStatus)
		}
	}
	for _, name := range schema.Publishable {
		c := byName[name]
		if c == nil {
			fail("schema.Publishable names %q, which the migrations do not create", name)
			continue
		}
		if !slices.Contains(schema.Content, name) {
			fail("%s is in schema.Publishable but not in schema.Content", name)
		}
		if s, ok := c.Fields.GetByName(schema.FieldStatus).(*core.SelectField); !ok {
			fail("%s is in schema.Publishable but has no select field %s", name, schema.FieldStatus)
		} else if want := []string{schema.StatusDraft, schema.StatusReady, schema.StatusPublished}; !slices.Equal(s.Values, want) {
			fail("%s.%s values %q; want schema.StatusDraft, schema.StatusReady, schema.StatusPublished = %q", name, s.Name, s.Values, want)
		}
		for _, field := range []string{schema.FieldPublishAt, schema.FieldUnpublishAt} {
			if _, ok := c.Fields.GetByName(field).(*core.DateField); !ok {
				fail("%s is in schema.Publishable but has no date field %s", name, field)
			}
		}
		for _, field := range []string{schema.FieldReadyBy, schema.FieldApprovedBy, schema.FieldAloneReason} {
			if f, ok := c.Fields.GetByName(field).(*core.TextField); !ok || !f.Hidden {
				fail("%s is in schema.Publishable but has no hidden text field %s", name, field)
			}
		}
	}

	// Working copies: a record of each publishable collection and of each
	// part a report's copy holds can point to the live record it copies.
	for _, name := range append(slices.Clone(schema.Publishable), schema.CopiedParts...) {
		c := byName[name]
		if c == nil {
			continue
		}
		if f, ok := c.Fields.GetByName(schema.FieldWorkingCopyOf).(*core.RelationField); !ok || f.CollectionId != c.Id || f.MaxSelect != 1 || !f.Hidden {
			fail("%s has no hidden relation %s to itself", name, schema.FieldWorkingCopyOf)
		}
	}

	// Fields: the names of schema.Field* and the limits and values of
	// internal/content, in every content collection that has the field.
	for _, f := range []struct {
		name  string
		in    []string // nil: every content collection with the field
		check func(core.Field) string
	}{
		{schema.FieldTitle, nil, textMax(content.MaxTitle, "content.MaxTitle")},
		{schema.FieldName, slices.Sorted(maps.Values(schema.TermCollections)), textMax(content.MaxTitle, "content.MaxTitle")},
		{schema.FieldName, []string{schema.Memberships}, textMax(content.MaxShortText, "content.MaxShortText")},
		{schema.FieldSlug, nil, textMax(content.MaxSlugLength, "content.MaxSlugLength")},
		{schema.FieldDescription, nil, textMax(content.MaxDescription, "content.MaxDescription")},
		{schema.FieldBody, nil, textMax(content.MaxBody, "content.MaxBody")},
		{schema.FieldImageAlt, nil, textMax(content.MaxShortText, "content.MaxShortText")},
		{schema.FieldYear, nil, yearRange(content.MinYear)},
		{"etablert", []string{schema.Committees}, yearRange(0)}, // 0: not known
		{schema.FieldOrder, nil, isType[*core.NumberField]()},
		{schema.FieldImage, nil, isType[*core.FileField]()},
		{schema.FieldReport, nil, relationTo(schema.Reports)},
		{schema.FieldThemes, nil, relationTo(schema.Themes)},
		{schema.FieldSchemes, []string{schema.Projects}, relationTo(schema.Schemes)},
		{schema.FieldPartners, []string{schema.Projects}, relationTo(schema.Partners)},
		{schema.FieldPatientGroups, []string{schema.Projects}, relationTo(schema.PatientGroups)},
		{schema.FieldCommittee, []string{schema.CommitteeStatus}, relationTo(schema.Committees)},
		{schema.FieldMeetingDate, []string{schema.Meetings}, isType[*core.DateField]()},
		{"organ", []string{schema.Memberships}, selectValues(content.MemberBodies, "content.MemberBodies")},
		{"rolle", []string{schema.Memberships}, selectValues(content.MemberRoles, "content.MemberRoles")},
		{"stilling", []string{schema.Memberships}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"organisasjon", []string{schema.Memberships}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"fra", []string{schema.Memberships}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"til", []string{schema.Memberships}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"sted", []string{schema.Meetings}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"evaluering", []string{schema.Meetings}, textMax(content.MaxDescription, "content.MaxDescription")},
		{"url", []string{schema.Links}, textMax(content.MaxURL, "content.MaxURL")},
		{"tilstand", []string{schema.Meetings}, selectValues(content.MeetingStates, "content.MeetingStates")},
		{"utfall", []string{schema.Meetings}, textMax(content.MaxSummary, "content.MaxSummary")},
		{"fremdrift", []string{schema.Projects}, selectValues(content.ProjectProgress, "content.ProjectProgress")},
		{"periode_fra", []string{schema.Projects}, yearRange(content.MinYear)},
		{"periode_til", []string{schema.Projects}, yearRange(content.MinYear)},
		{"kontakt", []string{schema.Projects}, textMax(content.MaxShortText, "content.MaxShortText")},
		{"kontakt_epost", []string{schema.Projects}, isType[*core.EmailField]()},
		{"resultater", []string{schema.Projects}, textMax(content.MaxSummary, "content.MaxSummary")},
	} {
		in, every := f.in, f.in == nil
		if every {
			in = schema.Content
		}
		found := false
		for _, name := range in {
			c := byName[name]
			if c == nil {
				continue
			}
			field := c.Fields.GetByName(f.name)
			if field == nil {
				if !every {
					fail("%s has no field %s", name, f.name)
				}
				continue
			}
			found = true
			if problem := f.check(field); problem != "" {
				fail("%s.%s: %s", name, f.name, problem)
			}
		}
		if !found {
			fail("no content collection has a field %s", f.name)
		}
	}
	return out
}

func textMax(max int, what string) func(core.Field) string {
	return func(f core.Field) string {
		t, ok := f.(*core.TextField)
		if !ok {
			return fmt.Sprintf("is a %s field; want text", f.Type())
		}
		if t.Max != max {
			return fmt.Sprintf("max %d; want %s = %d", t.Max, what, max)
		}
		return ""
	}
}

// yearRange wants a number from min up to content.MaxYear.
func yearRange(min float64) func(core.Field) string {
	return func(f core.Field) string {
		n, ok := f.(*core.NumberField)
		if !ok {
			return fmt.Sprintf("is a %s field; want number", f.Type())
		}
		if n.Min == nil || *n.Min != min || n.Max == nil || *n.Max != content.MaxYear || !n.OnlyInt {
			return fmt.Sprintf("min %v max %v int %t; want whole numbers from %v to content.MaxYear = %d", deref(n.Min), deref(n.Max), n.OnlyInt, min, content.MaxYear)
		}
		return ""
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func selectValues(want []string, what string) func(core.Field) string {
	return func(f core.Field) string {
		s, ok := f.(*core.SelectField)
		if !ok {
			return fmt.Sprintf("is a %s field; want select", f.Type())
		}
		if !slices.Equal(s.Values, want) {
			return fmt.Sprintf("values %q; want %s = %q", s.Values, what, want)
		}
		return ""
	}
}

func relationTo(collection string) func(core.Field) string {
	return func(f core.Field) string {
		r, ok := f.(*core.RelationField)
		if !ok {
			return fmt.Sprintf("is a %s field; want relation", f.Type())
		}
		if r.CollectionId != schema.ID(collection) {
			return fmt.Sprintf("points to %s; want %s", r.CollectionId, schema.ID(collection))
		}
		return ""
	}
}

func isType[T core.Field]() func(core.Field) string {
	return func(f core.Field) string {
		if _, ok := f.(T); !ok {
			var want T
			return fmt.Sprintf("is a %T; want %T", f, want)
		}
		return ""
	}
}
