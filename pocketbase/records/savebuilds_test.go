package records_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/messages"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// buildBreakers are hostile texts the shared corpus cannot hold (it must
// fit every field): long lines, links to pages of the site, bytes that
// are not UTF-8, control characters, and addresses as editors write them.
var buildBreakers = []string{
	strings.Repeat("a", 5000), strings.Repeat("ord ", 2000), strings.Repeat("æ", 3000), strings.Repeat("<", 500),
	strings.Repeat("[", 400) + strings.Repeat("]", 400), strings.Repeat("*", 600), strings.Repeat("`", 300),
	"[finnes](/arsrapporter/)", "[finnes ikke](/arsrapporter/1999/)", "![bilde](/finnes-ikke.png)", "[ref]: /prosjekter/finnes-ikke/",
	"ugyldig \xff\xfe UTF-8", "halv \xe2\x80 tegn", "kontroll \x01\x02\x1b[31m\x7f tegn", "NUL \x00 midt i",
	// addresses as editors write them, for the source links
	"tel:+47 22 33 44 55", "TEL:(0047) 22-33.44", "tel:ring oss", "www.vestreviken.no/om oss", " https://example.org/ ",
	"mailto:post@example.org?subject=SSU møte", "mailto:", "https://", "http://[::1]/", "https://example.org/%zz",
}

// englishMessages are PocketBase's own texts, which no editor may see.
var englishMessages = []string{"Cannot be blank", "cannot be blank", "must be unique", "Must be no more", "Must be less", "Must be greater", "Invalid value", "Must be a valid"}

// TestWhatSavesBuilds: every hostile text, in every text, URL and e-mail field of every
// content collection, is either refused at save with a Norwegian message,
// or published: the export leaves nothing out and the site builds. Texts
// go into one field at a time; a refused one leaves the field as it was.
func TestWhatSavesBuilds(t *testing.T) {
	texts, err := contenttest.HostileTexts()
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, buildBreakers...)
	if len(texts) < 200 {
		t.Fatalf("%d hostile texts; want at least 200", len(texts))
	}
	// A batch a build: a report and a meeting a text, each in its own year.
	const batch = 100
	for start := 0; start < len(texts); start += batch {
		end := min(start+batch, len(texts))
		t.Run(fmt.Sprintf("texts %d-%d", start, end-1), func(t *testing.T) {
			saveAndBuild(t, texts[start:end])
		})
	}
}

func saveAndBuild(t *testing.T, texts []string) {
	app := pbtest.NewApp(t)
	messages.Register(app)
	saved, refused := 0, 0
	for i, text := range texts {
		for _, r := range pages(t, app, i) {
			for _, f := range r.Collection().Fields {
				if f.GetSystem() || (f.Type() != core.FieldTypeText && f.Type() != core.FieldTypeEditor && f.Type() != core.FieldTypeURL && f.Type() != core.FieldTypeEmail) {
					continue
				}
				name := f.GetName()
				was := r.Get(name)
				r.Set(name, text)
				if err := app.Save(r); err != nil {
					refused++
					for _, english := range englishMessages {
						if strings.Contains(err.Error(), english) {
							t.Errorf("%s.%s = %q refused in English: %v", r.Collection().Name, name, short(text), err)
						}
					}
					r.Set(name, was)
					continue
				}
				saved++
			}
		}
	}
	publishes(t, app)
	t.Logf("%d texts: %d saves published, %d refused with a Norwegian message", len(texts), saved, refused)
	if saved == 0 {
		t.Error("nothing saved: the test tests nothing")
	}
}

// TestWhatSavesBuildsImages: every image an editor may upload, under
// whatever name, into every image field, is either refused at save with a
// Norwegian message, or published: the export leaves nothing out and the
// site builds.
func TestWhatSavesBuildsImages(t *testing.T) {
	encode := func(img image.Image, as string) []byte {
		var b bytes.Buffer
		var err error
		switch as {
		case "png":
			err = png.Encode(&b, img)
		case "jpeg":
			err = jpeg.Encode(&b, img, nil)
		case "gif":
			err = gif.Encode(&b, img, nil)
		}
		if err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	rgba := image.NewRGBA(image.Rect(0, 0, 64, 48))
	photo := encode(rgba, "jpeg")
	uploads := []struct {
		name  string
		data  []byte
		saves bool
	}{
		{"foto.jpeg", photo, true},
		{"foto.jfif", photo, true},
		{"FOTO.JPG", encode(image.NewCMYK(image.Rect(0, 0, 64, 48)), "jpeg"), true},
		{"tegning.svg", encode(rgba, "png"), true},
		{"gra.png", encode(image.NewGray16(image.Rect(0, 0, 64, 48)), "png"), true},
		{"palett.png", encode(image.NewPaletted(image.Rect(0, 0, 64, 48), color.Palette{color.White, color.Black}), "png"), true},
		{"dyp.png", encode(image.NewNRGBA64(image.Rect(0, 0, 64, 48)), "png"), true},
		{"prikk.png", encode(image.NewGray(image.Rect(0, 0, 1, 1)), "png"), true},
		{"panorama.png", encode(image.NewGray(image.Rect(0, 0, 20000, 2)), "png"), true},
		{"hoy.png", encode(image.NewGray(image.Rect(0, 0, 1, content.MaxImageHeight)), "png"), true},
		{"for-hoy.png", encode(image.NewGray(image.Rect(0, 0, 1, content.MaxImageHeight+1)), "png"), false},
		{"kuttet.png", encode(rgba, "png")[:100], false},
		{"animasjon.gif", encode(rgba, "gif"), false},
		{"tekst.png", []byte("ikke et bilde"), false},
	}
	app := pbtest.NewApp(t)
	messages.Register(app)
	for i, u := range uploads {
		for _, r := range pages(t, app, i) {
			if r.Collection().Fields.GetByName(schema.FieldImage) == nil {
				continue
			}
			file, err := filesystem.NewFileFromBytes(u.data, u.name)
			if err != nil {
				t.Fatal(err)
			}
			r.Set(schema.FieldImage, file)
			r.Set(schema.FieldImageAlt, "Et bilde")
			err = app.Save(r)
			switch {
			case u.saves && err != nil:
				t.Errorf("%s in %s: %v; want it saved", u.name, r.Collection().Name, err)
			case !u.saves && err == nil:
				t.Errorf("%s in %s saved; want it refused", u.name, r.Collection().Name)
			case err != nil && !strings.Contains(err.Error(), "Bildet"):
				t.Errorf("%s in %s refused with %v; want a Norwegian message", u.name, r.Collection().Name, err)
			}
		}
	}
	publishes(t, app)
}

// publishes exports what app holds and builds the site: nothing may be
// left out, and the build must succeed.
func publishes(t *testing.T, app core.App) {
	t.Helper()
	now := time.Now()
	tree, problems, err := records.Load(app, now)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	for _, p := range problems {
		t.Errorf("saved, but not published: %s", p)
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := tree.Write(dir); err != nil {
		t.Fatalf("write the export: %v", err)
	}
	if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: filepath.Join(t.TempDir(), "public"), Clock: func() time.Time { return now }}); err != nil {
		t.Fatalf("build: %v", err)
	}
}

// pages makes one published page of every kind for text i, valid before
// any hostile text goes in: a report with a section, a member, a link and
// a grant round; a project; a meeting; a committee with a status; and a
// term of each taxonomy.
func pages(t *testing.T, app core.App, i int) []*core.Record {
	t.Helper()
	year := content.MinYear + i
	save := func(collection string, fields map[string]any) *core.Record {
		coll, err := app.FindCollectionByNameOrId(collection)
		if err != nil {
			t.Fatal(err)
		}
		r := core.NewRecord(coll)
		for k, v := range fields {
			r.Set(k, v)
		}
		if coll.Fields.GetByName(schema.FieldStatus) != nil {
			r.Set(schema.FieldStatus, schema.StatusPublished)
		}
		if err := app.Save(r); err != nil {
			t.Fatalf("%s for text %d: %v", collection, i, err)
		}
		return r
	}
	title := fmt.Sprintf("Side %d", i)
	report := save(schema.Reports, map[string]any{schema.FieldYear: year, schema.FieldTitle: title})
	committee := save(schema.Committees, map[string]any{schema.FieldTitle: title, schema.FieldSlug: fmt.Sprintf("utvalg-%d", i)})
	list := []*core.Record{
		report,
		save(schema.Sections, map[string]any{schema.FieldReport: report.Id, schema.FieldTitle: title, schema.FieldSlug: "del"}),
		save(schema.Memberships, map[string]any{schema.FieldReport: report.Id, schema.FieldName: title, "organ": "SSU"}),
		save(schema.Links, map[string]any{schema.FieldReport: report.Id, schema.FieldTitle: title, "url": "https://example.org/"}),
		save(schema.GrantRounds, map[string]any{schema.FieldReport: report.Id}),
		save(schema.Projects, map[string]any{schema.FieldTitle: title, schema.FieldSlug: fmt.Sprintf("prosjekt-%d", i), schema.FieldYear: year}),
		save(schema.Meetings, map[string]any{schema.FieldTitle: title, schema.FieldYear: year, schema.FieldMeetingDate: time.Date(year, time.June, 1, 0, 0, 0, 0, time.UTC)}),
		committee,
		save(schema.CommitteeStatus, map[string]any{schema.FieldCommittee: committee.Id, schema.FieldYear: year}),
	}
	for _, taxonomy := range content.Taxonomies {
		list = append(list, save(schema.TermCollections[taxonomy], map[string]any{schema.FieldName: title, schema.FieldSlug: fmt.Sprintf("t-%d", i)}))
	}
	return list
}

func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// TestWhatSavesBuildsNumbers: every number field of every content
// collection, given the edges of what editors type (negative, zero, the
// years around the site's range, large), each record's fields different
// values so that the fields that go together (granted and applications)
// meet, is either refused at save with a Norwegian message, or published.
func TestWhatSavesBuildsNumbers(t *testing.T) {
	values := []float64{-1, 0, 1, 99, 1999, content.MinYear, content.MaxYear, content.MaxYear + 1, 100_000, 1e12, 1.5}
	app := pbtest.NewApp(t)
	messages.Register(app)
	saved, refused := 0, 0
	for i := range values {
		for _, r := range pages(t, app, i) {
			for j, f := range r.Collection().Fields {
				if f.GetSystem() || f.Type() != core.FieldTypeNumber || f.GetName() == schema.FieldYear {
					continue // a page's year names its page: TestWhatSavesBuilds's pages are valid in theirs
				}
				v := values[(i+j)%len(values)] // the fields of a record get different values
				name := f.GetName()
				was := r.Get(name)
				r.Set(name, v)
				if err := app.Save(r); err != nil {
					refused++
					for _, english := range englishMessages {
						if strings.Contains(err.Error(), english) {
							t.Errorf("%s.%s = %v refused in English: %v", r.Collection().Name, name, v, err)
						}
					}
					r.Set(name, was)
					continue
				}
				saved++
			}
		}
	}
	publishes(t, app)
	t.Logf("%d values: %d saves published, %d refused with a Norwegian message", len(values), saved, refused)
	if saved == 0 || refused == 0 {
		t.Error("every value saved, or none: the test tests nothing")
	}
}
