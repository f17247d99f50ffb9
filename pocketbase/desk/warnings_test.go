package desk_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/desk"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// checker is the Hunspell checker, or nil on a machine without it; under
// CI=true it must be there.
func checker(t testing.TB) *prose.Checker {
	t.Helper()
	c, err := prose.NewChecker()
	if errors.Is(err, prose.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Log(err)
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func saveRecord(t testing.TB, app core.App, collection, id string, fields map[string]any) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Id = id
	r.Load(fields)
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s %s: %v", collection, id, err)
	}
	return r
}

// faulty is a project with one of each fault the panel warns about.
const faulty = "Fremdrift og feiil i prosjektet.\n\n" +
	"# Nivå én\n\n" +
	"### Nivå tre\n\n" +
	"Se [et prosjekt](/prosjekter/fact-ung/), [et utkast](/prosjekter/utkast-til-prosjekt/), [ingenting](/prosjekter/finnes-ikke/#mal), " +
	"[forsiden](/), [rapporten](/arsrapporter/2024/), [originalen](/arsrapporter/2024/opprinnelig-arsrapport-2024.pdf) (som ikke er lastet opp), " +
	"[en del](/arsrapporter/2025/moteplan-for-2026), [forhåndsvisningen](/forhandsvisning/prosjekter/fact-ung/) og [noe annet](https://example.org/x).\n\n" +
	"![](/bilder/uten-tekst.png)\n"

func TestInspect(t *testing.T) {
	app := deskApp(t)
	spell := checker(t)
	// A new term is a draft; the page shows only the published one.
	saveRecord(t, app, schema.Themes, "desknyttema0001", map[string]any{"navn": "Nytt tema"})
	saveRecord(t, app, schema.PatientGroups, "deskgruppe00001", map[string]any{"navn": "Publisert gruppe", "status": schema.StatusPublished})
	r := saveRecord(t, app, schema.Projects, "deskfaulty00001", map[string]any{"tittel": "Publisert prosjekt", "slug": "feil-prosjekt", "aar": 2026, "tekst": faulty,
		"tema": []string{"desknyttema0001"}, "pasientgrupper": []string{"deskgruppe00001"}})
	in, err := desk.Inspect(app, r, someDay, spell, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range in.Warnings {
		got = append(got, w.Field+": "+w.Text)
	}
	want := []string{
		"ingress: Ingressen er tom: den vises i lister og søkeresultater.",
		"tittel: Tittelen «Publisert prosjekt» brukes også av siden /prosjekter/publisert-prosjekt/: to sider med samme tittel er vanskelige å skille i lister og søk.",
		"tema: Tema: «Nytt tema» er ikke publisert og vises ikke på siden før den er publisert. Publiser den, eller fjern den fra siden.",
		"tekst: Lenken /prosjekter/utkast-til-prosjekt/ peker til en side som ikke er publisert: den vises som vanlig tekst til den siden publiseres.",
		"tekst: Lenken /prosjekter/finnes-ikke/#mal peker til en side som ikke finnes: den vises som vanlig tekst når siden publiseres.",
		"tekst: Lenken /arsrapporter/2024/opprinnelig-arsrapport-2024.pdf peker til en side som ikke finnes: den vises som vanlig tekst når siden publiseres.",
		"tekst: Lenken /forhandsvisning/prosjekter/fact-ung/ går til forhåndsvisningen, som leserne ikke kan åpne: fjern /forhandsvisning fra adressen.",
		"tekst: Lenken /bilder/uten-tekst.png peker til en side som ikke finnes: den vises som vanlig tekst når siden publiseres.",
		"tekst: Bildet /bilder/uten-tekst.png mangler alternativ tekst: skriv hva bildet viser mellom klammene, ![slik](/bilder/uten-tekst.png).",
		"tekst: Overskriften «Nivå én» er på nivå 1 (#), som sidetittelen: bruk ## for overskrifter i teksten.",
		"tekst: Overskriften «Nivå tre» hopper fra nivå 1 til 3: bruk ##.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if in.Readability == nil || in.Readability.Words == 0 || in.Readability.Band == "" {
		t.Errorf("readability %+v; want LIX of the body", in.Readability)
	}
	if spell != nil && !slices.Equal(in.Misspelled, []string{"feiil"}) {
		t.Errorf("misspelled %q; want [feiil]", in.Misspelled)
	}
}

// TestInspectQuiet: a page without faults has no warnings, a section
// may share its title with a section of another report, and a working
// copy shares its title with its live page.
func TestInspectQuiet(t *testing.T) {
	app := deskApp(t)
	saveRecord(t, app, schema.Sections, "deskotherpart01", map[string]any{"rapport": report, "tittel": "Medlemmer", "tekst": "Tekst."})
	saveRecord(t, app, schema.Projects, "deskprojcopy001", map[string]any{"tittel": "Publisert prosjekt", "slug": "publisert-prosjekt", "aar": 2026,
		"ingress": "Ingress.", "tekst": "Tekst.", schema.FieldWorkingCopyOf: publishedProject})
	for _, tc := range []struct{ collection, id string }{
		{schema.Sections, "deskotherpart01"},
		{schema.Memberships, member},
		{schema.Projects, "deskprojcopy001"},
	} {
		r, err := app.FindRecordById(tc.collection, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		in, err := desk.Inspect(app, r, someDay, nil, "av")
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Warnings) > 0 || in.SpellingOff != "av" {
			t.Errorf("%s %s: %+v; want no warnings", tc.collection, tc.id, in)
		}
	}
}

// TestSeedSpelling: no page of the seed has a word that neither the
// dictionary nor the word list (as the migrations make it) knows.
func TestSeedSpelling(t *testing.T) {
	spell := checker(t)
	if spell == nil {
		t.Skip("no dictionary")
	}
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	pages := 0
	for _, name := range schema.Content {
		rs, err := app.FindAllRecords(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			in, err := desk.Inspect(app, r, someDay, spell, "")
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if len(in.Misspelled) > 0 {
				t.Errorf("%s %s %q: misspelled %q", name, r.Id, r.GetString(schema.FieldTitle), in.Misspelled)
			}
		}
	}
	if pages < 100 {
		t.Errorf("%d seed records checked; want the whole seed", pages)
	}
}

// TestOCRErrors runs the check on the 2024 report as OCR read it: every
// word it flags is one that the repairs of the seed change, and the
// repaired text has none.
func TestOCRErrors(t *testing.T) {
	spell := checker(t)
	if spell == nil {
		t.Skip("no dictionary")
	}
	app := pbtest.NewApp(t)
	var words []string
	rs, err := app.FindAllRecords(schema.WordList)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		words = append(words, r.GetString("ord"))
	}
	list := prose.NewWordList(words)
	seeds := filepath.Join("..", "..", "internal", "content", "testdata", "seeds")
	read := func(name string) string {
		data, err := os.ReadFile(filepath.Join(seeds, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	for _, year := range []string{"2024", "2025"} {
		original := read(map[string]string{"2024": "2024.ocr.txt", "2025": "2025.txt"}[year])
		flagged, err := prose.Misspelled(spell, list, original)
		if err != nil {
			t.Fatal(err)
		}
		repaired, err := prose.Misspelled(spell, list, read(year+".repaired.txt"))
		if err != nil {
			t.Fatal(err)
		}
		var repairedFrom []string
		for line := range strings.Lines(read("repairs-" + year + ".tsv")) {
			from, _, _ := strings.Cut(line, "\t")
			repairedFrom = append(repairedFrom, prose.Words(from)...)
		}
		var caught, alarms []string
		for _, w := range flagged {
			if slices.Contains(repairedFrom, w) {
				caught = append(caught, w)
			} else if !slices.Contains(repaired, w) {
				alarms = append(alarms, w)
			}
		}
		t.Logf("%s original: %d suspected errors, %d of them words the repairs change: %q", year, len(flagged), len(caught), caught)
		if len(caught) == 0 || len(alarms) > 0 {
			t.Errorf("%s: flagged %q that no repair changes; want only repaired words", year, alarms)
		}
		if len(repaired) > 0 {
			t.Errorf("%s repaired text: misspelled %q; want none", year, repaired)
		}
	}
}

func TestInspectEndpoint(t *testing.T) {
	s := tests.ApiScenario{
		Name: "a draft project's warnings", Method: http.MethodGet, URL: "/api/ssu/skrivebord/sjekk/prosjekter/" + draftProject,
		TestAppFactory: deskApp, BeforeTestFunc: pbtest.AsEditor,
		ExpectedStatus:  200,
		ExpectedContent: []string{`"varsler":[{"felt":"tekst","tekst":"Teksten er tom: siden viser bare tittelen."},{"felt":"ingress"`, `"stavefeil":[`},
	}
	s.Test(t)
	for _, s := range []tests.ApiScenario{
		{Name: "guest", URL: "/api/ssu/skrivebord/sjekk/prosjekter/" + draftProject, ExpectedStatus: 401},
		{Name: "not content", URL: "/api/ssu/skrivebord/sjekk/ordliste/" + draftProject, ExpectedStatus: 404, BeforeTestFunc: pbtest.AsEditor},
		{Name: "unknown", URL: "/api/ssu/skrivebord/sjekk/prosjekter/finnesikke00000", ExpectedStatus: 404, BeforeTestFunc: pbtest.AsEditor},
	} {
		s.Method = http.MethodGet
		s.TestAppFactory = deskApp
		s.ExpectedContent = []string{`"data":{}`}
		s.Test(t)
	}
}

// BenchmarkInspect measures the warnings of one seed project with a
// running spelling checker, as the panel asks for them after a save; each
// round has a new word, so hunspell is asked.
func BenchmarkInspect(b *testing.B) {
	app := deskApp(b)
	spell := checker(b)
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = 'fact-ung'")
	if err != nil {
		b.Fatal(err)
	}
	body := r.GetString(schema.FieldBody) + "\n\nSe [rapporten](/arsrapporter/2025/) og [et prosjekt](/prosjekter/fact-ung/).\n"
	i := 0
	for b.Loop() {
		i++
		r.Set(schema.FieldBody, body+" nyttord"+strings.Repeat("x", i%40)+"\n")
		if _, err := desk.Inspect(app, r, someDay, spell, ""); err != nil {
			b.Fatal(err)
		}
	}
}
