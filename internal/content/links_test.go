package content

import (
	"slices"
	"testing"
)

func TestInternalLinks(t *testing.T) {
	md := "Se [prosjektet](/prosjekter/fact-ung/#mal) og [rapporten](/arsrapporter/2025?x=1),\n" +
		"![bilde](/arsrapporter/2025/arsrapport-2025.pdf), [ute](https://example.org/), [annen vert](//example.org/x),\n" +
		"[e-post](mailto:a@example.org) og <https://example.org>.\n\n[ref]: /tema/finnes-ikke\n"
	got := InternalLinks(md)
	want := []string{"/prosjekter/fact-ung/", "/arsrapporter/2025", "/arsrapporter/2025/arsrapport-2025.pdf", "/tema/finnes-ikke"}
	if !slices.Equal(got, want) {
		t.Errorf("InternalLinks = %q; want %q", got, want)
	}
}

func TestBrokenLinks(t *testing.T) {
	tree := &Tree{
		Terms:    []Term{{Taxonomy: "tema", Slug: "a", Title: "A"}},
		Reports:  []Report{{Title: "R", Year: 2025, PDF: PDFName(2025), DocumentData: []byte("%PDF-"), Sections: []Section{{Slug: "del", Title: "Del"}}}},
		Projects: []Project{{Slug: "p", Title: "P", Year: 2025}},
	}
	md := "[1](/prosjekter/p/) [2](/prosjekter/p) [3](/arsrapporter/2025/del/) [4](/tema/a/) [5](/arsrapporter/2025/opprinnelig-arsrapport-2025.pdf) [6](/nokkeltall/)\n" +
		"[7](/arsrapporter/2025/arsrapport-2025.pdf)\n" +
		"[x](/prosjekter/borte/) [y](/arsrapporter/2024/) [z](/../etc/passwd)"
	got := BrokenLinks(md, tree.Paths())
	want := []string{"/prosjekter/borte/", "/arsrapporter/2024/", "/../etc/passwd"}
	if !slices.Equal(got, want) {
		t.Errorf("BrokenLinks = %q; want %q", got, want)
	}
}
