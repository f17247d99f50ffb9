package records_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func newProject(t *testing.T, app core.App, title, slug string) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(schema.Projects)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, title)
	r.Set(schema.FieldSlug, slug)
	r.Set(schema.FieldYear, 2026)
	return r
}

func TestSlugIsRefusedWithNorwegianMessage(t *testing.T) {
	app := pbtest.NewApp(t)
	for _, slug := range []string{"a/b", "..", "../../etc", "med mellomrom", "Store-Bokstaver", "æøå", "a.md", "con", "com1", "nul", "sok", "index"} {
		err := app.Save(newProject(t, app, "Prosjekt", slug))
		if err == nil {
			t.Errorf("saving slug %q succeeded; want it refused", slug)
			continue
		}
		if !strings.Contains(err.Error(), "Adressenavnet (slug)") {
			t.Errorf("saving slug %q: %q; want a Norwegian message about the slug", slug, err)
		}
	}
	if n, _ := app.CountRecords(schema.Projects); n != 0 {
		t.Errorf("%d projects stored; want 0", n)
	}
}

func TestSlugIsMadeFromTitle(t *testing.T) {
	app := pbtest.NewApp(t)
	r := newProject(t, app, "Trening som medisin – Ål og Bærum", "")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got, want := r.GetString(schema.FieldSlug), "trening-som-medisin-al-og-baerum"; got != want {
		t.Errorf("slug = %q; want %q", got, want)
	}
	if got := r.GetString(schema.FieldStatus); got != schema.StatusDraft {
		t.Errorf("status of a new record = %q; want %q", got, schema.StatusDraft)
	}
}

func TestDuplicateSlugIsRefused(t *testing.T) {
	app := pbtest.NewApp(t)
	if err := app.Save(newProject(t, app, "Første", "samme")); err != nil {
		t.Fatal(err)
	}
	err := app.Save(newProject(t, app, "Andre", "samme"))
	if err == nil || !strings.Contains(err.Error(), "allerede brukt av «Første»") {
		t.Errorf("saving a duplicate slug: %v; want a Norwegian message naming the other record", err)
	}
}

// Section slugs are unique within their report only.
func TestSectionSlugIsScopedToReport(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	coll, _ := app.FindCollectionByNameOrId(schema.Sections)
	r2024, _ := app.FindFirstRecordByFilter(schema.Reports, "aar = 2024")
	r2025, _ := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
	section := func(report *core.Record, slug string) error {
		r := core.NewRecord(coll)
		r.Set(schema.FieldReport, report.Id)
		r.Set(schema.FieldTitle, "Ny del")
		r.Set(schema.FieldSlug, slug)
		return app.Save(r)
	}
	// 2024 has "moteplan-for-2025"; 2025 does not.
	if err := section(r2025, "moteplan-for-2025"); err != nil {
		t.Errorf("same slug in another report: %v; want it allowed", err)
	}
	if err := section(r2024, "moteplan-for-2025"); err == nil {
		t.Error("duplicate slug within a report was allowed")
	}
}

func TestBodyAndListsAreNormalised(t *testing.T) {
	app := pbtest.NewApp(t)
	r := newProject(t, app, "Prosjekt", "")
	r.Set(schema.FieldBody, "\r\n\r\nAvsnitt\r\nlinje  \r\n\r\n\r\n")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	if got, want := r.GetString(schema.FieldBody), "Avsnitt\nlinje\n"; got != want {
		t.Errorf("body = %q; want %q", got, want)
	}

	coll, _ := app.FindCollectionByNameOrId(schema.Meetings)
	m := core.NewRecord(coll)
	m.Set(schema.FieldYear, 2026)
	m.Set(schema.FieldTitle, "Møte")
	m.Set("dato", "2026-06-05 00:00:00.000Z")
	m.Set("innledere", "  Første \n\n\r\nAndre  ")
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	if got, want := m.GetString("innledere"), "Første\nAndre"; got != want {
		t.Errorf("innledere = %q; want %q", got, want)
	}
}

func TestGrantDeadlinesMustBeDates(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	round, err := app.FindFirstRecordByFilter(schema.GrantRounds, "soknadsfrister != ''")
	if err != nil {
		t.Fatal(err)
	}
	round.Set("soknadsfrister", "2025-05-01\n1. oktober")
	err = app.Save(round)
	if err == nil || !strings.Contains(err.Error(), "ÅÅÅÅ-MM-DD") {
		t.Errorf("saving a deadline that is not a date: %v; want a Norwegian message with the format", err)
	}
}

func TestImageNeedsAlternativeText(t *testing.T) {
	app := pbtest.NewApp(t)
	r := newProject(t, app, "Med bilde", "")
	img, err := filesystem.NewFileFromBytes(contenttest.PNG(40, 20), "foto.png")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldImage, img)
	r.Set(schema.FieldImageAlt, "   ")
	err = app.Save(r)
	if err == nil || !strings.Contains(err.Error(), "alternativ tekst") {
		t.Fatalf("saving an image without alt text: %v; want a Norwegian message asking for it", err)
	}
	r.Set(schema.FieldImageAlt, "Tre sykepleiere i en korridor")
	if err := app.Save(r); err != nil {
		t.Fatalf("saving an image with alt text: %v", err)
	}
}

func TestPublishedTextWithBrokenLinkIsRefused(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	r := newProject(t, app, "Lenker", "")
	r.Set(schema.FieldBody, "Se [FACT Ung](/prosjekter/fact-ung/) og [det gamle](/prosjekter/finnes-ikke/).")

	// A draft may link anywhere while it is written.
	if err := app.Save(r); err != nil {
		t.Fatalf("saving a draft with a broken link: %v", err)
	}
	r.Set(schema.FieldStatus, schema.StatusPublished)
	err := app.Save(r)
	if err == nil || !strings.Contains(err.Error(), "Lenken til /prosjekter/finnes-ikke/ peker til en side som ikke finnes") {
		t.Fatalf("publishing a text with a broken link: %v; want a Norwegian message naming the link", err)
	}
	r.Set(schema.FieldBody, "Se [FACT Ung](/prosjekter/fact-ung/) og [rapporten](/arsrapporter/2025/#prosjekter).")
	if err := app.Save(r); err != nil {
		t.Fatalf("publishing a text with good links: %v", err)
	}
}

func TestEmptyRequiredTextIsNamedInNorwegian(t *testing.T) {
	app := pbtest.NewApp(t)
	r := newProject(t, app, "   ", "tom-tittel")
	err := app.Save(r)
	if err == nil || !strings.Contains(err.Error(), "Feltet «tittel» må fylles ut.") {
		t.Errorf("saving a project with an empty title: %v; want a Norwegian message naming the field", err)
	}
}

func TestCorruptImageIsRefused(t *testing.T) {
	app := pbtest.NewApp(t)
	r := newProject(t, app, "Med skadet bilde", "")
	png := contenttest.PNG(40, 20)
	broken := append(append([]byte{}, png[:60]...), make([]byte, 200)...) // a PNG header, then nothing usable
	img, err := filesystem.NewFileFromBytes(broken, "skadet.png")
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldImage, img)
	r.Set(schema.FieldImageAlt, "Et bilde")
	if err := app.Save(r); err == nil || !strings.Contains(err.Error(), "Bildet kan ikke leses") {
		t.Fatalf("saving a corrupt image: %v; want a Norwegian message", err)
	}
}

func TestImageIsNamedByItsType(t *testing.T) {
	app := pbtest.NewApp(t)
	scenarios := []struct{ upload, want string }{
		{"bilde.jfif", "bilde.png"}, // named for a JPEG, holds a PNG: the bytes decide
		{"tegning.svg", "bilde.png"},
		{"foto.PNG", "bilde.png"},
	}
	for i, s := range scenarios {
		r := newProject(t, app, "Bilde "+s.upload, "")
		img, err := filesystem.NewFileFromBytes(contenttest.PNG(40, 20), s.upload)
		if err != nil {
			t.Fatal(err)
		}
		r.Set(schema.FieldImage, img)
		r.Set(schema.FieldImageAlt, "Et bilde")
		r.Set(schema.FieldStatus, schema.StatusPublished)
		r.Set(schema.FieldSlug, fmt.Sprintf("bilde-%d", i))
		if err := app.Save(r); err != nil {
			t.Fatalf("saving %s: %v", s.upload, err)
		}
	}
	tree, _, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tree.Write(filepath.Join(t.TempDir(), "content")); err != nil {
		t.Fatalf("export: %v", err)
	}
	for i, p := range tree.Projects {
		if p.Image.Name != scenarios[i].want {
			t.Errorf("%s is exported as %s; want %s", scenarios[i].upload, p.Image.Name, scenarios[i].want)
		}
	}
}

func TestValuesTheSiteCannotShowAreRefused(t *testing.T) {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	report, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
	if err != nil {
		t.Fatal(err)
	}
	link := func(url string) *core.Record {
		coll, _ := app.FindCollectionByNameOrId(schema.Links)
		r := core.NewRecord(coll)
		r.Set(schema.FieldReport, report.Id)
		r.Set(schema.FieldTitle, "Kilde")
		r.Set("url", url)
		return r
	}
	meeting := func(date string, year int) *core.Record {
		coll, _ := app.FindCollectionByNameOrId(schema.Meetings)
		r := core.NewRecord(coll)
		r.Set(schema.FieldTitle, "Møte")
		r.Set(schema.FieldYear, year)
		r.Set(schema.FieldMeetingDate, date)
		return r
	}
	projects := 0
	project := func(from, until int, email string) *core.Record {
		projects++
		r := newProject(t, app, fmt.Sprintf("Prosjekt med periode %d", projects), "")
		r.Set("periode_fra", from)
		r.Set("periode_til", until)
		r.Set("kontakt_epost", email)
		return r
	}
	scenarios := []struct {
		name, field, message string // message empty: the save succeeds
		record               *core.Record
	}{
		{"mailto link", "url", "", link("mailto:post@example.org")},
		{"ftp link", "url", "ikke en gyldig adresse", link("ftp://example.org/fil")},
		{"javascript link", "url", "ikke en gyldig adresse", link("javascript:alert(1)")},
		{"invalid UTF-8 title", schema.FieldTitle, "ugyldig UTF-8", newProject(t, app, "Bad \xff\xfe tittel", "")},
		{"meeting in its year", schema.FieldMeetingDate, "", meeting("2030-06-05 10:00:00.000Z", 2030)},
		{"meeting in another year", schema.FieldMeetingDate, "er ikke i år 2031", meeting("2030-06-05 10:00:00.000Z", 2031)},
		{"project period in order", "periode_til", "", project(2024, 2026, "kari@example.org")},
		{"project period backwards", "periode_til", "slutter (2024) før den begynner (2026)", project(2026, 2024, "")},
		{"contact address with a name", "kontakt_epost", "ikke en e-postadresse", project(0, 0, "Kari <kari@example.org>")},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			err := app.Save(s.record)
			if s.message == "" {
				if err != nil {
					t.Fatalf("save: %v; want it stored", err)
				}
				return
			}
			var errs validation.Errors
			if !errors.As(err, &errs) || errs[s.field] == nil || !strings.Contains(errs[s.field].Error(), s.message) {
				t.Fatalf("save: %v; want %q under %s", err, s.message, s.field)
			}
		})
	}
	// What was stored builds: the export accepts it.
	tree, _, err := records.Load(app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := tree.Write(filepath.Join(t.TempDir(), "content")); err != nil {
		t.Fatalf("export: %v", err)
	}
}
