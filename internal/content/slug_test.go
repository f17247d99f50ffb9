package content

import (
	"strings"
	"testing"
)

func TestValidateSlug(t *testing.T) {
	valid := []string{"a", "barn-og-unge", "2025", "fact-ung-2", strings.Repeat("a", MaxSlugLength)}
	for _, slug := range valid {
		if err := ValidateSlug(slug); err != nil {
			t.Errorf("ValidateSlug(%q) = %v; want nil", slug, err)
		}
	}
	invalid := []string{"", "a/b", "..", "../etc", "a b", "Barn", "barn--og", "-a", "a-", "a.md", "ø", "a_b", "%2e%2e", strings.Repeat("a", MaxSlugLength+1)}
	for _, slug := range invalid {
		err := ValidateSlug(slug)
		if err == nil {
			t.Errorf("ValidateSlug(%q) = nil; want an error", slug)
			continue
		}
		if !strings.Contains(err.Error(), "adressenavnet") {
			t.Errorf("ValidateSlug(%q) = %q; want a Norwegian sentence about adressenavnet", slug, err)
		}
	}
}

func TestSlugify(t *testing.T) {
	scenarios := []struct{ in, want string }{
		{"Barn og unge", "barn-og-unge"},
		{"Møteplan for 2026", "moteplan-for-2026"},
		{"Bærum DPS", "baerum-dps"},
		{"Responssenteret på Kongsberg", "responssenteret-pa-kongsberg"},
		{"Digital hjemmeoppfølging – skalering", "digital-hjemmeoppfolging-skalering"},
		{"  ../../etc/passwd  ", "etc-passwd"},
		{"«»!?", ""},
		{"Ærlig Øl Å", "aerlig-ol-a"},
		{strings.Repeat("ord ", 60), strings.TrimRight(strings.Repeat("ord-", 25), "-")},
	}
	for _, s := range scenarios {
		got := Slugify(s.in)
		if got != s.want {
			t.Errorf("Slugify(%q) = %q; want %q", s.in, got, s.want)
		}
		if got != "" {
			if err := ValidateSlug(got); err != nil {
				t.Errorf("Slugify(%q) = %q, which is not a valid slug: %v", s.in, got, err)
			}
		}
	}
}
