package content_test

import (
	"bytes"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

var writeFuzzSeeds = flag.Bool("fuzzseeds", false, "rewrite the seed-* files of the fuzz corpora in testdata/fuzz")

// corpusFile is one input in the go test fuzz corpus format, with the
// values written as go test itself writes them.
func corpusFile(values ...any) []byte {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, v := range values {
		switch v := v.(type) {
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case int:
			fmt.Fprintf(&b, "int(%d)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		default:
			panic(fmt.Sprintf("corpusFile: %T", v))
		}
	}
	return b.Bytes()
}

// fuzzSeeds returns the seed corpora, file path (under testdata/fuzz) to
// contents. They are made from the tests' own examples: the edge-case tree,
// hostile text, and the mistakes of TestParseErrors and the slug tests.
func fuzzSeeds() map[string][]byte {
	seeds := map[string][]byte{}
	add := func(target, name string, values ...any) {
		seeds[filepath.Join(target, "seed-"+name)] = corpusFile(values...)
	}

	kinds := []string{"prosjekt", "mote", "rapport", "utvalg", "term"}
	// Hostile text on one line and short enough for a title.
	hostileLine := string([]rune(strings.ReplaceAll(contenttest.Hostile, "\n", " "))[:150])
	long := strings.Repeat("Lang tittel ", 20)
	for kind, name := range kinds {
		k := uint8(kind)
		add("FuzzFrontMatterRoundTrip", name+"-enkel", k, "a-1", "Tittel", "Tekst", "Brødtekst\n", "t-1", 2031, 2)
		add("FuzzFrontMatterRoundTrip", name+"-fiendtlig", k, "b", hostileLine, hostileLine, contenttest.Hostile, "x", 2031, 155)
		add("FuzzFrontMatterRoundTrip", name+"-ugyldig-slug", k, "../x", "Tittel", "Tekst", "", "../y", 2031, 1)
		add("FuzzFrontMatterRoundTrip", name+"-ugyldig-aar", k, "c", "Tittel", "Tekst", "", "", 1999, 1)
		add("FuzzFrontMatterRoundTrip", name+"-tom-tittel", k, "d", " \t", "", "\r\n\r\n", "\n", 2100, -1)
		add("FuzzFrontMatterRoundTrip", name+"-lang-tittel", k, "e", long, "\x00\"\\", "+++\n+++\n", contenttest.Hostile, 2000, 365)
		add("FuzzFrontMatterRoundTrip", name+"-mange", k, "f", "Tittel", "Tekst", "", "tema", 2031, 7)
	}
	add("FuzzFrontMatterRoundTrip", "prosjekt-kort", uint8(0), "prosjekt", "Prosjekt", "Kort", "Tekst", "tema", 2031, 1)
	add("FuzzFrontMatterRoundTrip", "mote-fiendtlig-innleder", uint8(1), "", contenttest.Hostile, contenttest.Hostile, contenttest.Hostile, "Innleder", 2031, 157)
	add("FuzzFrontMatterRoundTrip", "rapport-skilletegn", uint8(2), "del", "Årsrapport \"2031\"", "+++", "{{< x >}}", "a?b=c", 2031, 3)

	for i, s := range []string{
		"a", "barn-og-unge", "2025", "fact-ung-2", strings.Repeat("a", content.MaxSlugLength),
		"", "a/b", "..", "../etc", "a b", "Barn", "barn--og", "-a", "a-", "a.md", "ø", "a_b", "%2e%2e",
		strings.Repeat("a", content.MaxSlugLength+1), "Møteplan for 2026", "Digital hjemmeoppfølging – skalering",
		"  ../../etc/passwd  ", "«»!?", "Ærlig Øl Å", "\u212a", "İstanbul", strings.Repeat("ord ", 60), "a\x00b", "\xff",
	} {
		add("FuzzValidateSlug", fmt.Sprintf("%02d", i), s)
	}

	zw := "\u200b"
	for i, s := range []string{
		"", "ingen klammer", `{{< param "title" >}}`, "{{% x", "{{{<", "{" + zw + "{<", "{" + zw + zw + "{%",
		"{{ .Title }}", "{ {< x", "{{</* kommentar */>}}", "slutt {", "{{", "{" + zw, "{" + zw + "{" + zw + "{<",
		contenttest.Hostile, "{\xff{<", "{\xe2\x80{<",
	} {
		add("FuzzShortcodeEscape", fmt.Sprintf("%02d", i), s)
	}

	// Every file the exporter writes for the documents above, at its own
	// path, and the small files of the edge-case tree.
	importSeed := func(label, file string, data []byte, image bool) {
		kind, name := uint8(len(importPaths)-1), file
		for i, pattern := range importPaths[:len(importPaths)-1] {
			prefix, suffix, _ := strings.Cut(pattern, "%s")
			if rest, ok := strings.CutPrefix(file, prefix); ok && strings.HasSuffix(rest, suffix) && !strings.Contains(strings.TrimSuffix(rest, suffix), "/") {
				kind, name = uint8(i), strings.TrimSuffix(rest, suffix)
				break
			}
		}
		if image {
			kind += uint8(len(importPaths)) // with the image beside it
		}
		add("FuzzImportFile", label, kind, name, data)
	}
	for kind, name := range kinds {
		for _, text := range []string{"Tekst", hostileLine} {
			body := text
			if text == hostileLine {
				body = contenttest.Hostile
			}
			// The slug of the committee in the import context, so that
			// the status file finds it.
			tree := fuzzTree(uint8(kind), "utvalg", "Tittel", text, body, "t", 2031, 2)
			files, err := tree.Files()
			if err != nil {
				panic(err)
			}
			for _, file := range slices.Sorted(maps.Keys(files)) {
				label := name + "-" + strings.NewReplacer("/", "-", ".md", "").Replace(file)
				if text != "Tekst" {
					label += "-fiendtlig"
				}
				importSeed(label, file, files[file], false)
			}
		}
	}
	edge, err := contenttest.EdgeCases().Files()
	if err != nil {
		panic(err)
	}
	for _, file := range slices.Sorted(maps.Keys(edge)) {
		if strings.HasSuffix(file, ".md") && len(edge[file]) < 4000 {
			importSeed("kanttilfelle-"+strings.NewReplacer("/", "-", ".md", "").Replace(file), file, edge[file], bytes.Contains(edge[file], []byte("\nbilde = ")))
		}
	}
	for label, data := range map[string]string{
		"uten-forside":         "Bare tekst\n",
		"tom":                  "",
		"uavsluttet-forside":   "+++\ntitle = \"P\"\n",
		"bare-skilletegn":      "+++\n+++\n",
		"ugyldig-toml":         "+++\ntitle = \"P\"\naar = \n+++\n",
		"ukjent-felt":          "+++\ntitle = \"P\"\naar = 2031\nweight = 1\ntittel = \"skrivefeil\"\n+++\n",
		"dato-med-klokkeslett": "+++\ntitle = \"M\"\ndate = 2031-06-06T10:00:00Z\naar = 2031\n+++\n",
		"crlf":                 "+++\r\ntitle = \"P\"\r\naar = 2031\r\nweight = 1\r\n+++\r\n\r\nTekst\r\n",
		"bom":                  "\ufeff+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
		"yaml":                 "---\ntitle: P\naar: 2031\n---\n",
		"tom-liste":            "+++\ntitle = \"P\"\naar = 2031\nweight = 1\ntema = []\n+++\n",
		"skilletegn-i-tekst":   "+++\ntitle = \"\"\"a\n+++\nb\"\"\"\naar = 2031\nweight = 1\n+++\n",
		"bilde-uten-fil":       "+++\ntitle = \"P\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\nbilde_alt = \"A\"\n+++\n",
		"tidspunkt-aar-null":   "+++\ntitle = \"P\"\naar = 2031\nweight = 1\npublisert = 0000-01-01T00:00:00+01:00\n+++\n",
	} {
		file := "prosjekter/p.md"
		if strings.Contains(data, "date = ") {
			file = "partnerskapsmoter/2031.md"
		}
		importSeed("feil-"+label, file, []byte(data), false)
	}
	return seeds
}

// TestFuzzSeeds checks that the committed seed corpora are the ones
// fuzzSeeds makes; -fuzzseeds rewrites them. Other files in the corpus
// directories (inputs a fuzzing run found) are left alone.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz")
	seeds := fuzzSeeds()
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		path := filepath.Join(dir, name)
		if *writeFuzzSeeds {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, seeds[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, seeds[name]) {
			t.Errorf("seed %s is missing or out of date (err %v): run go test ./internal/content -run TestFuzzSeeds -fuzzseeds", path, err)
		}
	}
	committed, _ := filepath.Glob(filepath.Join(dir, "*", "seed-*"))
	for _, path := range committed {
		rel, _ := filepath.Rel(dir, path)
		if _, ok := seeds[rel]; !ok {
			if *writeFuzzSeeds {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("seed %s is no longer made by fuzzSeeds: run go test ./internal/content -run TestFuzzSeeds -fuzzseeds", path)
		}
	}
}
