package prose_test

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
)

func TestMeasure(t *testing.T) {
	for _, c := range []struct {
		text      string
		lix       int
		band      string
		sentences int
		longest   string
	}{
		// 9 words, 2 sentences, 1 long word (setning): 4.5 + 11.1.
		{"Dette er en kort setning. Her kommer nok en.", 16, "svært lett å lese", 2, "Dette er en kort setning."},
		// 7 words, 1 sentence, 5 long (sykehus has seven letters): 7 + 71.4.
		{"Samhandlingsarenaen tilrettelegger kommunikasjon mellom kommunehelsetjenesten og sykehus", 78, "svært vanskelig å lese", 1, ""},
		// A heading ends its sentence: 2 sentences of 2 words, none long.
		{"Om oss\n\nVi er.", 2, "svært lett å lese", 2, ""},
		{"", 0, "", 0, ""},
		{"2024 – 2025", 0, "", 0, ""},
	} {
		got := prose.Measure(c.text)
		if got.LIX != c.lix || got.Band != c.band || got.Sentences != c.sentences {
			t.Errorf("Measure(%q) = LIX %d %q, %d sentences; want %d %q, %d", c.text, got.LIX, got.Band, got.Sentences, c.lix, c.band, c.sentences)
		}
		if c.longest != "" && (len(got.Longest) == 0 || got.Longest[0] != c.longest) {
			t.Errorf("Measure(%q).Longest = %q; want %q first", c.text, got.Longest, c.longest)
		}
	}
}

func TestBands(t *testing.T) {
	for lix, want := range map[int]string{29: "svært lett å lese", 30: "lett å lese", 39: "lett å lese", 40: "middels vanskelig", 50: "vanskelig å lese", 60: "svært vanskelig å lese"} {
		if got := prose.BandOf(lix); got != want {
			t.Errorf("BandOf(%d) = %q; want %q", lix, got, want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := prose.Sentences("Møtet var i mai. 2025 ble et godt år! Kom du?\nJa, med\nbuss.\n\nEn ny del")
	want := []string{"Møtet var i mai.", "2025 ble et godt år!", "Kom du?", "Ja, med buss.", "En ny del"}
	if !slices.Equal(got, want) {
		t.Errorf("Sentences = %q; want %q", got, want)
	}
}

func TestWords(t *testing.T) {
	got := prose.Words("Vestre-Viken HF, 12 kommuner (H2-gruppen) «samarbeid»")
	want := []string{"Vestre", "Viken", "HF", "kommuner", "gruppen", "samarbeid"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q; want %q", got, want)
	}
}

func TestParseMarkdown(t *testing.T) {
	d := prose.ParseMarkdown("Innledning med [en lenke](/prosjekter/a/) og `kode`.\n\n## Mål\n\n- punkt én\n- punkt **to**\n\n![Et bilde](/bilde.png) ![](/tom.png)\n\n```\nkodeblokk\n```\n\n<div>rå html</div>\n\nSe <https://example.org>.\n")
	if want := "Innledning med en lenke og .\n\nMål\n\npunkt én\n\npunkt to\n\nSe ."; d.Text != want {
		t.Errorf("Text = %q; want %q", d.Text, want)
	}
	if want := []prose.Heading{{Level: 2, Text: "Mål"}}; !slices.Equal(d.Headings, want) {
		t.Errorf("Headings = %v; want %v", d.Headings, want)
	}
	if want := []string{"/prosjekter/a/"}; !slices.Equal(d.Links, want) {
		t.Errorf("Links = %q; want %q", d.Links, want)
	}
	if want := []prose.Image{{Src: "/bilde.png", Alt: "Et bilde"}, {Src: "/tom.png"}}; !slices.Equal(d.Images, want) {
		t.Errorf("Images = %v; want %v", d.Images, want)
	}
}

func TestWordList(t *testing.T) {
	l := prose.NewWordList([]string{"Bufetat", "fact", " DPS "})
	for w, want := range map[string]bool{"Bufetat": true, "bufetat": true, "Bufetats": true, "FACT": true, "Fact": true, "DPS": true, "DPSs": true, "Bufeta": false, "s": false} {
		if got := l.Accepts(w); got != want {
			t.Errorf("Accepts(%q) = %v; want %v", w, got, want)
		}
	}
}

// checker is the Hunspell checker, or a skip on a machine without it,
// except under CI=true, where it must be there.
func checker(t testing.TB) *prose.Checker {
	t.Helper()
	c, err := prose.NewChecker()
	if errors.Is(err, prose.ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestMisspelled(t *testing.T) {
	c := checker(t)
	list := prose.NewWordList([]string{"Bufetat"})
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Dette er en testt av Bufetat og Bufetats tilbud.", []string{"testt"}},
		{"Helsefellesskapet i Vestre Viken samarbeider med kommunene.", nil},
		{"Les https://www.regjeringen.no/no/tydeliggjor-regelverk/ eller skriv til post@vestreviken.no.", nil},
		{"Adressen er for eksempel /arsrapporter/2025/ (se /nokkeltall/), last ned nokkeltall.csv eller les uustatus.no.", nil},
		{"Ørsmå snø-ord og en feiil, to ganger: feiil.", []string{"feiil"}},
		{"Et ord med ő, som ordboka ikke kan skrive: Erdő.", []string{"Erdő"}},
	} {
		got, err := prose.Misspelled(c, list, tc.text)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Misspelled(%q) = %q; want %q", tc.text, got, tc.want)
		}
	}
}

// TestCheckerRemembers: a second question about the same words is
// answered from memory, and after Close a new process answers.
func TestCheckerRemembers(t *testing.T) {
	c := checker(t)
	for range 2 {
		got, err := c.Unknown([]string{"hus", "huss", "hus"})
		if err != nil || !slices.Equal(got, []string{"huss"}) {
			t.Fatalf("Unknown = %q, %v; want [huss]", got, err)
		}
	}
	c.Close()
	got, err := c.Unknown([]string{"bok", "bokqk"})
	if err != nil || !slices.Equal(got, []string{"bokqk"}) {
		t.Fatalf("after Close: Unknown = %q, %v; want [bokqk]", got, err)
	}
}

// BenchmarkMisspelled measures the spelling of one page of about 400
// words with a running checker, one word of it new each time (so hunspell
// is asked), as when an editor has just saved a change.
func BenchmarkMisspelled(b *testing.B) {
	text := ""
	for range 40 {
		text += "Samarbeidsutvalget har i året behandlet saker om pasientforløp, kommunene og sykehuset. "
	}
	c := checker(b)
	i := 0
	for b.Loop() {
		i++
		if _, err := prose.Misspelled(c, nil, text+" ny"+strings.Map(func(r rune) rune { return 'a' + r - '0' }, strconv.Itoa(i))+"ord"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewChecker measures starting hunspell with the dictionary.
func BenchmarkNewChecker(b *testing.B) {
	checker(b)
	for b.Loop() {
		c, err := prose.NewChecker()
		if err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}
