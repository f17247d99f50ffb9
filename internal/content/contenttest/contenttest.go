// Package contenttest provides content trees that exercise every corner of
// the file format, for the round-trip tests of the content and records
// packages.
package contenttest

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// PNG returns a small, always identical PNG image of the given size.
func PNG(width, height int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for x := range width {
		for y := range height {
			img.Set(x, y, color.RGBA{R: uint8(x * 255 / width), G: 98, B: 186, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// PDF is the smallest file a MIME sniffer takes for a PDF.
var PDF = []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// Hostile is text that a naive front-matter writer or Hugo would trip on:
// quotes, TOML and front-matter delimiters, newlines, tabs, emoji, æøå and
// Hugo shortcode and template syntax.
const Hostile = `Sitat "med anførsel" og 'enkle' og """tre""" og ''' tre enkle
+++
linje med +++ og --- og ` + "```" + `
	tab	og emoji 🏥👩‍⚕️ og æøå ÆØÅ og \backslash\ og \n bokstavelig
{{< param "title" >}} {{% x %}} {{</* kommentar */>}} {{ .Title }} {{ printf "%s" }}
[lenke](javascript:alert(1)) <script>alert(1)</script>`

func date(y int, m time.Month, d int) content.Date {
	return content.NewDate(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// dates are a page's CMS dates: published at the moment given in
// Norwegian time, changed a day and an hour later (across the change to
// summer time when published at the end of March).
func dates(y int, m time.Month, d, hour, minute, second int) content.Dates {
	at := time.Date(y, m, d, hour, minute, second, 0, content.Zone)
	return content.Dates{Published: content.NewStamp(at), Changed: content.NewStamp(at.Add(25 * time.Hour))}
}

// EdgeCases is a valid tree whose text fields hold Hostile text, very long
// text and empty optional fields. Its bodies are already normalised and its
// lists are in the order Parse gives, so a round trip must give it back
// unchanged.
func EdgeCases() *content.Tree {
	line := string([]rune(strings.ReplaceAll(Hostile, "\n", " "))[:150])
	long := strings.Repeat("Lang tekst med æøå og {{< x >}}. ", content.MaxBody/40)
	body := content.NormalizeBody(Hostile)
	return &content.Tree{
		Terms: []content.Term{
			{Taxonomy: "ordninger", Slug: "ordning", Title: line},
			{Taxonomy: "partnere", Slug: "a", Title: "Partner «A» \"sitert\""},
			{Taxonomy: "partnere", Slug: "b", Title: "Partner B 🏥", Body: body},
			{Taxonomy: "pasientgrupper", Slug: "barn-og-unge", Title: "Barn og unge"},
			{Taxonomy: "tema", Slug: "tema-1", Title: "+++"},
		},
		Reports: []content.Report{
			{Title: "Minimal", Year: 2030},
			{
				Title:        "Årsrapport \"2031\" +++ {{< x >}}",
				Description:  line,
				Year:         2031,
				MeetingCount: 12,
				Themes:       []string{"tema-1"},
				PDF:          content.PDFName(2031),
				PDFData:      PDF,
				DocumentData: PDF,
				Foreword:     "Leder har ordet: " + line + "\n\nAndre avsnitt {{< x >}} <b>fet</b>",
				ForewordBy:   "Ola \"Leder\" Nordmann",
				KeyMessages:  []string{"Første budskap", line, "{{< x >}} +++"},
				Adopted:      date(2032, time.February, 29),
				MeetingAfter: 1, CommitteesAfter: 2,
				Dates:        dates(2032, time.March, 27, 23, 59, 59),
				OldAddresses: content.OldAddresses{Aliases: []string{"/arsrapporter/2029/"}},
				GrantRound: &content.GrantRound{
					Deadlines:    []content.Date{date(2031, time.May, 1), date(2031, time.October, 1)},
					Applications: 14, Granted: 7, CutPercent: 20, Amount: 2_900_000,
				},
				Links: []content.Link{
					{Title: "Kilde med \"anførsel\"", URL: "https://example.org/a?b=c&d=%C3%A6#x"},
					{Title: "Kilde 2", URL: "http://example.org/"},
				},
				Members: []content.Member{
					{Name: "Ola \"Leder\" Nordmann", JobTitle: "direktør\thelse", Organisation: "Ål kommune", Organ: "SSU", Role: "leder", Until: "frem til sommeren"},
					{Name: "Kari Nordmann", Organ: "SSU", Replaces: "Ola \"Leder\" Nordmann", From: "fra høsten 2031"},
					{Name: "Ola \"Leder\" Nordmann", Organ: "Arbeidsutvalget", Role: "nestleder"},
				},
				Body: body,
				Sections: []content.Section{
					{Slug: "forst", Title: "Først", Weight: 1, Themes: []string{"tema-1"}, Body: body, Dates: dates(2032, time.October, 26, 2, 30, 0),
						OldAddresses: content.OldAddresses{Aliases: []string{"/arsrapporter/2031/gammel-forst/", "/arsrapporter/2029/forst/"}},
						Image:        content.Image{Name: "bilde.png", Alt: "Et \"bilde\" av æøå", Data: PNG(1600, 900)}},
					{Slug: "lang", Title: "Lang", Weight: 2, Group: "Øvrige " + line, Body: content.NormalizeBody(long)},
					{Slug: "tom", Title: "Tom del", Weight: 3},
				},
			},
		},
		Projects: []content.Project{
			{
				Slug: "prosjekt", Title: "Prosjekt " + line, Description: "Kort", Year: 2031, Weight: 2,
				Schemes: []string{"ordning"}, Partners: []string{"b", "a"}, PatientGroups: []string{"barn-og-unge"},
				Themes: []string{"tema-1"}, Amount: 1, Body: body, Dates: dates(2031, time.December, 31, 23, 0, 0),
				Progress: "avsluttet", From: 2029, Until: 2031, Contact: line, ContactEmail: "kari.nordmann@example.org",
				Results:      "Første avsnitt " + line + "\n\nAndre avsnitt {{< x >}} +++",
				OldAddresses: content.OldAddresses{Aliases: []string{"/prosjekter/gammelt-prosjekt/"}},
				Image:        content.Image{Name: "bilde.png", Alt: line, Data: PNG(640, 480)},
			},
			{Slug: "tomt", Title: "Tomt prosjekt", Year: 2030},
		},
		Meetings: []content.Meeting{
			{
				Title: "Møte", Date: date(2031, time.June, 6), Year: 2031, Venue: "Union scene, Drammen",
				Speakers: []string{"Statssekretær \"X\"", "🏥"}, Topics: []string{"+++", "{{< x >}}"},
				Evaluation: line, Outcome: "Utfallet «sitert» " + line, Body: body, Dates: dates(2031, time.June, 7, 8, 0, 0),
				OldAddresses: content.OldAddresses{Aliases: []string{"/partnerskapsmoter/2030/"}},
				Image:        content.Image{Name: "bilde.png", Alt: "Salen på Union scene", Data: PNG(300, 200)},
			},
			{Title: "Planlagt", Date: date(2032, time.June, 5), Year: 2032, State: content.MeetingPlanned},
		},
		Committees: []content.Committee{
			{
				Slug: "utvalg", Title: "Utvalg \"æøå\"", Description: "Beskrivelse", Weight: 1, Established: 2032, Body: body,
				Dates: dates(2031, time.January, 1, 0, 0, 0), OldAddresses: content.OldAddresses{Aliases: []string{"/faglige-samarbeidsutvalg/gammelt-utvalg/"}},
				Statuses: []content.CommitteeStatus{
					{Title: "Status 2030", Year: 2030},
					{Title: "Status 2031", Year: 2031, Body: body, Dates: dates(2031, time.November, 2, 12, 0, 0),
						OldAddresses: content.OldAddresses{Aliases: []string{"/faglige-samarbeidsutvalg/gammelt-utvalg/2031/"}}},
				},
			},
		},
	}
}
