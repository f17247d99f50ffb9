package content

import (
	"strings"
	"testing"
)

func TestNormalizeBody(t *testing.T) {
	scenarios := []struct{ in, want string }{
		{"", ""},
		{"\n\n  \n", ""},
		{"Tekst", "Tekst\n"},
		{"\n\nTekst\r\nmer\r\n\r\n", "Tekst\nmer\n"},
		{"linje med to mellomrom  \nneste", "linje med to mellomrom  \nneste\n"},
		{"    kodeblokk\n", "    kodeblokk\n"},
		{"gammel\rmac", "gammel\nmac\n"},
	}
	for _, s := range scenarios {
		if got := NormalizeBody(s.in); got != s.want {
			t.Errorf("NormalizeBody(%q) = %q; want %q", s.in, got, s.want)
		}
	}
}

func TestEscapeShortcodes(t *testing.T) {
	zw := zeroWidthSpace
	scenarios := []struct{ in, want string }{
		{"ingen klammer", "ingen klammer"},
		{`{{< param "title" >}}`, "{" + zw + `{< param "title" >}}`},
		{"{{% x", "{" + zw + "{% x"},
		{"{{{<", "{{" + zw + "{<"},
		{"{" + zw + "{<", "{" + zw + zw + "{<"},
		{"{{ .Title }}", "{{ .Title }}"},
		{"{ {< x", "{ {< x"},
		{"{{</* kommentar */>}}", "{" + zw + "{</* kommentar */>}}"},
		{"slutt {", "slutt {"},
		{"{{", "{{"},
	}
	for _, s := range scenarios {
		got := EscapeShortcodes(s.in)
		if got != s.want {
			t.Errorf("EscapeShortcodes(%q) = %q; want %q", s.in, got, s.want)
		}
		if strings.Contains(got, "{{<") || strings.Contains(got, "{{%") {
			t.Errorf("EscapeShortcodes(%q) = %q still opens a shortcode", s.in, got)
		}
		if back := UnescapeShortcodes(got); back != s.in {
			t.Errorf("UnescapeShortcodes(EscapeShortcodes(%q)) = %q", s.in, back)
		}
	}
}
