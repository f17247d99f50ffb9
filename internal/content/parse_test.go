package content_test

import (
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

const report = "+++\ntitle = \"Rapport\"\naar = 2031\n+++\n"

func TestParseErrors(t *testing.T) {
	scenarios := []struct {
		name  string
		files map[string]string
		want  string // path, line and reason as the editor reads them
	}{
		{
			name:  "broken TOML",
			files: map[string]string{"arsrapporter/2031/_index.md": "+++\ntitle = \"Rapport\"\naar = \n+++\n"},
			want:  "arsrapporter/2031/_index.md, linje 3: ugyldig TOML",
		},
		{
			name:  "unknown field",
			files: map[string]string{"arsrapporter/2031/_index.md": "+++\ntitle = \"Rapport\"\naar = 2031\ntittel = \"skrivefeil\"\n+++\n"},
			want:  "arsrapporter/2031/_index.md, linje 4: ukjent felt «tittel»",
		},
		{
			// Year 0 at +01:00 is year -1 in Norwegian time, which could
			// not be written back as TOML (found by FuzzImportFile).
			name:  "a moment in year 0",
			files: map[string]string{"prosjekter/p.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\npublisert = 0000-01-01T00:00:00+01:00\n+++\n"},
			want:  "tidspunktet 0000-01-01T00:00:00+01:00 er ikke mellom år 2000 og 2100",
		},
		{
			name:  "missing required field",
			files: map[string]string{"prosjekter/p.md": "+++\naar = 2031\nweight = 1\n+++\n"},
			want:  "prosjekter/p.md, linje 1: feltet «title» mangler eller er tomt",
		},
		{
			name: "duplicate member",
			files: map[string]string{"arsrapporter/2031/_index.md": report[:len(report)-4] +
				"[[medlemmer]]\nnavn = \"Kari\"\norgan = \"SSU\"\n[[medlemmer]]\nnavn = \"Kari\"\norgan = \"SSU\"\n+++\n"},
			want: "arsrapporter/2031/_index.md, linje 5: Kari står to ganger i SSU",
		},
		{
			name:  "slug with capitals",
			files: map[string]string{"prosjekter/Prosjekt.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n"},
			want:  "prosjekter/Prosjekt.md: adressenavnet (slug) «Prosjekt» kan bare ha små bokstaver",
		},
		{
			name:  "unknown term",
			files: map[string]string{"prosjekter/p.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\npartnere = [\"finnes-ikke\"]\n+++\n"},
			want:  "prosjekter/p.md, linje 5: «finnes-ikke» finnes ikke i partnere",
		},
		{
			name:  "year that disagrees with its directory",
			files: map[string]string{"arsrapporter/2030/_index.md": report},
			want:  "arsrapporter/2030/_index.md, linje 3: aar = 2031 stemmer ikke med mappen 2030",
		},
		{
			name:  "file the exporter never writes",
			files: map[string]string{"arsrapporter/2031/_index.md": report, "arsrapporter/2031/notat.txt": "x"},
			want:  "arsrapporter/2031/notat.txt: ukjent fil i rapportmappen",
		},
		{
			name:  "section without its report",
			files: map[string]string{"arsrapporter/2031/del.md": "+++\ntitle = \"Del\"\nweight = 1\n+++\n"},
			want:  "arsrapporter/2031/del.md: rapportmappen mangler en gyldig _index.md",
		},
		{
			name:  "no front matter",
			files: map[string]string{"prosjekter/p.md": "Bare tekst\n"},
			want:  "prosjekter/p.md, linje 1: filen må begynne med +++",
		},
		{
			name: "image without alternative text",
			files: map[string]string{
				"prosjekter/p/index.md":  "+++\ntitle = \"P\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\n+++\n",
				"prosjekter/p/bilde.png": "png",
			},
			want: "prosjekter/p/index.md, linje 5: bildet mangler alternativ tekst",
		},
		{
			name: "image the page does not name",
			files: map[string]string{
				"prosjekter/p/index.md":  "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
				"prosjekter/p/bilde.png": "png",
			},
			want: "prosjekter/p/bilde.png: bildet hører ikke til noen side",
		},
		{
			name: "image named but missing",
			files: map[string]string{
				"prosjekter/p/index.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\nbilde_alt = \"A\"\n+++\n",
			},
			want: "prosjekter/p/index.md, linje 5: bildet bilde.png finnes ikke i mappen",
		},
		{
			name: "page both as file and as bundle",
			files: map[string]string{
				"prosjekter/p.md":       "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
				"prosjekter/p/index.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
			},
			want: "siden finnes to ganger",
		},
		{
			name:  "a bundle index at the top of the tree",
			files: map[string]string{"index.md": "+++\ntitle = \"P\"\n+++\n"},
			want:  "index.md: ukjent fil",
		},
		{
			name:  "date with a time of day",
			files: map[string]string{"partnerskapsmoter/2031.md": "+++\ntitle = \"M\"\ndate = 2031-06-06T10:00:00Z\naar = 2031\n+++\n"},
			want:  "partnerskapsmoter/2031.md, linje 3: ugyldig TOML",
		},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			files := map[string][]byte{}
			for name, data := range s.files {
				files[name] = []byte(data)
			}
			tree, err := content.Parse(files)
			if err == nil {
				t.Fatalf("Parse succeeded with %+v; want an error containing %q", tree, s.want)
			}
			if !strings.Contains(err.Error(), s.want) {
				t.Errorf("Parse error = %q; want it to contain %q", err, s.want)
			}
		})
	}
}
