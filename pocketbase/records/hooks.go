package records

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// sluggedCollections have a slug unique within scope (a field name, or ""
// for the whole collection), made from the field named by source if empty.
var sluggedCollections = map[string]struct{ source, scope string }{
	schema.Themes:        {schema.FieldName, ""},
	schema.PatientGroups: {schema.FieldName, ""},
	schema.Partners:      {schema.FieldName, ""},
	schema.Schemes:       {schema.FieldName, ""},
	schema.Sections:      {schema.FieldTitle, schema.FieldReport},
	schema.Projects:      {schema.FieldTitle, ""},
	schema.Committees:    {schema.FieldTitle, ""},
}

// listFields hold one item a line.
var listFields = map[string][]string{
	schema.Meetings:    {fieldSpeakers, fieldTopics},
	schema.Reports:     {fieldKeyMessages},
	schema.GrantRounds: {fieldDeadlines},
}

// RegisterHooks makes every save, from the admin, the API or Go, store
// values in the one form the content files are written in, and refuse what
// would break the site with a Norwegian message naming the field. now is
// the clock that says what is public when a link is checked.
func RegisterHooks(app core.App, now func() time.Time) {
	registerPublicReads(app, now)
	app.OnRecordValidate(schema.Content...).BindFunc(func(e *core.RecordEvent) error {
		if err := normalize(e.App, e.Record); err != nil {
			return err
		}
		if e.Context.Value(importingKey{}) == nil {
			if err := checkLinks(e.App, e.Record, now()); err != nil {
				return err
			}
			// A page's dates; terms have none.
			if e.Record.Collection().Fields.GetByName(fieldPublished) != nil {
				if err := stamp(e.App, e.Record, now()); err != nil {
					return err
				}
			}
		}
		return e.Next()
	})
	// A change to a part of a report is a change of the report's page.
	touch := func(change partChange) func(e *core.RecordEvent) error {
		return func(e *core.RecordEvent) error {
			if e.Context.Value(importingKey{}) == nil {
				if err := touchReport(e.App, e.Record, change, now()); err != nil {
					return err
				}
			}
			return e.Next()
		}
	}
	app.OnRecordUpdateExecute(schema.Publishable...).BindFunc(func(e *core.RecordEvent) error {
		if e.Context.Value(importingKey{}) != nil {
			return e.Next()
		}
		return recordMove(e)
	})
	app.OnRecordAfterCreateSuccess(reportParts...).BindFunc(touch(partCreated))
	app.OnRecordAfterUpdateSuccess(reportParts...).BindFunc(touch(partUpdated))
	app.OnRecordAfterDeleteSuccess(reportParts...).BindFunc(touch(partDeleted))
}

func normalize(app core.App, r *core.Record) error {
	name := r.Collection().Name
	if name == schema.Links {
		r.Set(fieldURL, content.NormalizeLinkURL(r.GetString(fieldURL)))
	}
	if err := requireText(r); err != nil {
		return err
	}
	if err := checkValues(app, r); err != nil {
		return err
	}
	if r.Collection().Fields.GetByName(schema.FieldBody) != nil {
		r.Set(schema.FieldBody, content.NormalizeBody(r.GetString(schema.FieldBody)))
	}
	if name == schema.Reports {
		r.Set(fieldForeword, content.NormalizeText(r.GetString(fieldForeword)))
	}
	if slices.Contains(schema.Publishable, name) && r.GetString(schema.FieldStatus) == "" {
		r.Set(schema.FieldStatus, schema.StatusDraft)
	}
	if name == schema.CommitteeStatus && strings.TrimSpace(r.GetString(schema.FieldTitle)) == "" {
		r.Set(schema.FieldTitle, fmt.Sprintf("Status %d", r.GetInt(schema.FieldYear)))
	}
	for _, field := range listFields[name] {
		items := lines(r.GetString(field))
		r.Set(field, strings.Join(items, "\n"))
		for _, item := range items {
			// Validate's limit for one item, which the field's own limit
			// (all the lines together) does not keep.
			if n := utf8.RuneCountInString(item); n > content.MaxShortText {
				return validation.Errors{field: validation.NewError("validation_ssu_line",
					fmt.Sprintf("Hver linje kan være høyst %d tegn; en linje her har %d.", content.MaxShortText, n))}
			}
		}
		if field == fieldKeyMessages && len(items) > content.MaxKeyMessages {
			return validation.Errors{field: validation.NewError("validation_ssu_key_messages",
				fmt.Sprintf("En rapport kan ha høyst %d hovedbudskap, ett per linje; her er det %d.", content.MaxKeyMessages, len(items)))}
		}
		if field == fieldDeadlines {
			for _, item := range items {
				if _, err := content.ParseDate(item); err != nil {
					return validation.Errors{field: validation.NewError("validation_ssu_date", err.Error())}
				}
			}
		}
	}
	if r.Collection().Fields.GetByName(fieldOldAddresses) != nil {
		r.Set(fieldOldAddresses, strings.Join(lines(r.GetString(fieldOldAddresses)), "\n"))
		if err := checkOldAddresses(r); err != nil {
			return err
		}
	}
	if r.Collection().Fields.GetByName(schema.FieldImage) != nil {
		if err := checkImageAlt(r); err != nil {
			return err
		}
	}
	if s, ok := sluggedCollections[name]; ok {
		return checkSlug(app, r, s.source, s.scope)
	}
	return nil
}

// requireText names, in Norwegian, a required text field left empty
// (PocketBase's own message is English).
func requireText(r *core.Record) error {
	errs := validation.Errors{}
	for _, f := range r.Collection().Fields {
		if tf, ok := f.(*core.TextField); ok && tf.Required && !tf.System && strings.TrimSpace(r.GetString(tf.Name)) == "" {
			errs[tf.Name] = validation.NewError("validation_ssu_required", fmt.Sprintf("Feltet «%s» må fylles ut.", tf.Name))
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkValues refuses, in Norwegian under the field, a value that the
// content files or the site cannot hold: text that is not UTF-8, a body
// that would take too long to render, a source link the site cannot show,
// more grants than applications, a year the site cannot show, a meeting
// dated outside its year. The rules
// are content's, which Validate applies to the exported tree.
func checkValues(app core.App, r *core.Record) error {
	errs := validation.Errors{}
	for _, f := range r.Collection().Fields {
		switch f.(type) {
		case *core.TextField, *core.EditorField:
			if !utf8.ValidString(r.GetString(f.GetName())) {
				errs[f.GetName()] = validation.NewError("validation_ssu_utf8",
					"Teksten inneholder tegn som ikke kan leses (ugyldig UTF-8). Skriv eller lim inn teksten på nytt.")
			}
		}
	}
	if _, bad := errs[schema.FieldBody]; !bad && r.Collection().Fields.GetByName(schema.FieldBody) != nil {
		if err := content.CheckBody(r.GetString(schema.FieldBody)); err != nil {
			errs[schema.FieldBody] = validation.NewError("validation_ssu_markdown", capitalize(err.Error())+".")
		}
	}
	switch r.Collection().Name {
	case schema.Links:
		if _, bad := errs[fieldURL]; !bad {
			if err := content.CheckLinkURL(r.GetString(fieldURL)); err != nil {
				errs[fieldURL] = validation.NewError("validation_ssu_url", capitalize(err.Error())+".")
			}
		}
	case schema.Memberships:
		if err := checkReplaces(app, r); err != nil {
			errs[fieldReplaces] = err
		}
	case schema.GrantRounds:
		if err := content.CheckGrantFigures(r.GetInt(fieldApplications), r.GetInt(fieldGranted)); err != nil {
			errs[fieldGranted] = validation.NewError("validation_ssu_granted", "Det kan ikke være "+err.Error()+".")
		}
	case schema.Committees:
		if year := r.GetInt(fieldEstablished); year != 0 {
			if err := content.CheckYear(fieldEstablished, year); err != nil {
				errs[fieldEstablished] = validation.NewError("validation_ssu_year", capitalize(err.Error())+": la feltet stå tomt hvis året ikke er kjent.")
			}
		}
	case schema.Meetings:
		date := content.NewDate(r.GetDateTime(schema.FieldMeetingDate).Time())
		if err := content.CheckMeetingDate(date, r.GetInt(schema.FieldYear)); err != nil {
			errs[schema.FieldMeetingDate] = validation.NewError("validation_ssu_date",
				capitalize(err.Error())+": et partnerskapsmøte må ha dato i sitt eget år.")
		}
	case schema.Projects:
		if err := content.CheckPeriod(r.GetInt(fieldPeriodFrom), r.GetInt(fieldPeriodUntil)); err != nil {
			errs[fieldPeriodUntil] = validation.NewError("validation_ssu_period", capitalize(err.Error())+".")
		}
		if err := content.CheckEmail(r.GetString(fieldContactEmail)); err != nil {
			errs[fieldContactEmail] = validation.NewError("validation_ssu_email", capitalize(err.Error())+".")
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// checkReplaces refuses a member who replaces someone who is not a member
// of the same body in the same report: the site names whom a member
// replaced among that year's members.
func checkReplaces(app core.App, r *core.Record) error {
	id := r.GetString(fieldReplaces)
	if id == "" {
		return nil
	}
	other, err := app.FindRecordById(schema.Memberships, id)
	if err == nil && other.GetString(schema.FieldReport) == r.GetString(schema.FieldReport) && other.GetString(fieldOrgan) == r.GetString(fieldOrgan) {
		return nil
	}
	return validation.NewError("validation_ssu_replaces", "Den et medlem erstatter, må være medlem av samme organ i samme årsrapport.")
}

// checkLinks refuses to publish a text that links to a page of the site
// that does not exist or is not published. Drafts may link anywhere while
// they are being written.
func checkLinks(app core.App, r *core.Record, now time.Time) error {
	body := r.GetString(schema.FieldBody)
	if slices.Contains(schema.Publishable, r.Collection().Name) && !schema.Live(r, now) {
		return nil
	}
	if len(content.InternalLinks(body)) == 0 {
		return nil
	}
	tree, _, err := Load(app, now)
	if err != nil {
		return fmt.Errorf("check links: %w", err)
	}
	if broken := content.BrokenLinks(body, tree.Paths()); len(broken) > 0 {
		msg := fmt.Sprintf("Lenken til %s peker til en side som ikke finnes eller ikke er publisert. Rett lenken, eller publiser siden den peker til først.", strings.Join(broken, ", "))
		return validation.Errors{schema.FieldBody: validation.NewError("validation_ssu_link", msg)}
	}
	return nil
}

// uploaded reads an uploaded file.
func uploaded(f *filesystem.File) ([]byte, error) {
	rc, err := f.Reader.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// checkImageAlt requires alternative text with an image: the site shows no
// image a screen reader cannot describe.
func checkImageAlt(r *core.Record) error {
	r.Set(schema.FieldImageAlt, strings.TrimSpace(r.GetString(schema.FieldImageAlt)))
	for _, f := range r.GetUnsavedFiles(schema.FieldImage) {
		// An image that is not a JPEG, PNG or WebP, or too tall for WebP,
		// would make every later build of the site fail. Its type is read
		// from its bytes, so a JPEG named .jfif is taken as what it is.
		data, err := uploaded(f)
		if err == nil {
			err = content.CheckImage(data)
		}
		if err != nil {
			return validation.Errors{schema.FieldImage: validation.NewError("validation_ssu_image",
				"Bildet kan ikke leses som JPEG, PNG eller WebP (filen er skadet eller av en annen type). Lagre bildet som JPEG eller PNG og last det opp igjen.")}
		}
		if err := content.CheckImageHeight(data); err != nil {
			return validation.Errors{schema.FieldImage: validation.NewError("validation_ssu_image_height", capitalize(err.Error())+".")}
		}
	}
	hasImage := r.GetString(schema.FieldImage) != "" || len(r.GetUnsavedFiles(schema.FieldImage)) > 0
	if hasImage && r.GetString(schema.FieldImageAlt) == "" {
		return validation.Errors{schema.FieldImageAlt: validation.NewError("validation_ssu_alt",
			"Bildet trenger en alternativ tekst: beskriv hva det viser for dem som ikke ser det.")}
	}
	return nil
}

func checkSlug(app core.App, r *core.Record, source, scope string) error {
	slug := r.GetString(schema.FieldSlug)
	if slug == "" {
		slug = content.Slugify(r.GetString(source))
		r.Set(schema.FieldSlug, slug)
	}
	if err := content.ValidateSlug(slug); err != nil {
		return validation.Errors{schema.FieldSlug: validation.NewError("validation_ssu_slug", capitalize(err.Error())+".")}
	}

	q := app.RecordQuery(r.Collection()).AndWhere(dbx.HashExp{schema.FieldSlug: slug}).AndWhere(dbx.Not(dbx.HashExp{"id": r.Id}))
	if scope != "" {
		q = q.AndWhere(dbx.HashExp{scope: r.GetString(scope)})
	}
	// A working copy shares its slug with its live record, and only live
	// records (not copies) hold a slug.
	if r.Collection().Fields.GetByName(schema.FieldWorkingCopyOf) != nil {
		q = liveOnly(q).AndWhere(dbx.Not(dbx.HashExp{"id": r.GetString(schema.FieldWorkingCopyOf)}))
	}
	var others []*core.Record
	if err := q.Limit(1).All(&others); err != nil {
		return fmt.Errorf("check slug %q in %s: %w", slug, r.Collection().Name, err)
	} else if len(others) > 0 {
		msg := fmt.Sprintf("Adressenavnet «%s» er allerede brukt av «%s». Velg et annet.", slug, others[0].GetString(source))
		return validation.Errors{schema.FieldSlug: validation.NewError("validation_ssu_slug_taken", msg)}
	}
	return nil
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
