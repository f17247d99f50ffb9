package content

import (
	"strings"
	"testing"
)

func TestCheckBody(t *testing.T) {
	ok := []string{
		"",
		"Vanlig tekst med en [lenke](https://example.org) og *uthevet* tekst (i parentes).",
		strings.Repeat("(<a>) ", 10_000),
		strings.Repeat("> ", MaxNesting) + "sitat",
		strings.Repeat("- ", MaxNesting) + "liste",
		"1. en\n   1. to\n      - tre\n",
		strings.Repeat(strings.Repeat("*a* ", MaxMarks/2)+"\n\n", 20),
		strings.Repeat(`Et "sitat" og et 'sitat' i hvert avsnitt.`+"\n\n", 1000),
		strings.Repeat("## Overskrift\n\nTekst\n\n---\n\n", MaxHeadings),
		"#hashtag\n" + strings.Repeat("####### sju\n", MaxHeadings+1),
		"- a\n" + strings.Repeat("  ", 40) + "- dypt innrykk er kode, ikke en liste\n",
	}
	for _, body := range ok {
		if err := CheckBody(body); err != nil {
			t.Errorf("CheckBody(%.40q) = %v; want nil", body, err)
		}
	}
	refused := []struct{ body, want string }{
		{strings.Repeat(">", MaxNesting+1), "linje 1 har sitater eller lister"},
		{"Innledning\n\n" + strings.Repeat("> ", 60_000), "linje 3 har sitater"},
		{strings.Repeat("- ", MaxNesting+1) + "x", "i mer enn 10 nivåer"},
		{strings.Repeat("1. ", MaxNesting+1), "sitater eller lister"},
		{strings.Repeat("> - ", 6), "sitater eller lister"},
		{strings.Repeat("[a](", MaxMarks/2+1), "mer enn 1000 formateringstegn"},
		{strings.Repeat("_a", MaxMarks) + "\n" + strings.Repeat("*a", 2), "avsnittet som slutter på linje 2"},
		{strings.Repeat(`"`, MaxMarks+1), "mer enn 1000 formateringstegn"},
		{strings.Repeat("# 0\n", MaxHeadings+1), "mer enn 500 overskrifter (linje 501 er nummer 501)"},
		{strings.Repeat("Tittel\n=\n\n", MaxHeadings) + "Tittel\n---\n", "mer enn 500 overskrifter"},
		{strings.Repeat("> - ## 0\n", MaxHeadings+1), "mer enn 500 overskrifter"},
		{strings.Repeat("a'", MaxMarks+1), "mer enn 1000 formateringstegn"},
	}
	for _, c := range refused {
		err := CheckBody(c.body)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("CheckBody(%.40q) = %v; want an error saying %q", c.body, err, c.want)
		}
	}
}

// TestValidateRefusesSlowBodies: the tree's check applies CheckBody to
// every body, so a file with one is named and left out by Prune.
func TestValidateRefusesSlowBodies(t *testing.T) {
	tree := &Tree{Projects: []Project{{Slug: "sitater", Title: "Sitater", Year: 2026, Body: strings.Repeat(">", 100_000) + "\n"}}}
	err := tree.Validate()
	if err == nil || !strings.Contains(err.Error(), "prosjekter/sitater.md") || !strings.Contains(err.Error(), "inne i hverandre") {
		t.Errorf("Validate: %v; want the file named and the nesting explained", err)
	}
}
