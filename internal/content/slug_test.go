package content

import (
	"path/filepath"
	"slices"
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
	invalid := []string{"con", "nul", "aux", "com1", "lpt9", "sok", "index", "page", "", "a/b", "..", "../etc", "a b", "Barn", "barn--og", "-a", "a-", "a.md", "ø", "a_b", "%2e%2e", strings.Repeat("a", MaxSlugLength+1)}
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

// TestSiteOwnPagesAreReserved: a page of the site's own (layouts/sok.html
// is /sok/) cannot be named by a slug too.
func TestSiteOwnPagesAreReserved(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("..", "..", "site", "layouts", "*.html"))
	if err != nil || len(names) == 0 {
		t.Fatalf("site layouts: %v, %v", names, err)
	}
	kinds := []string{"baseof", "home", "page", "section", "taxonomy", "term"} // Hugo's page kinds, not pages
	for _, name := range names {
		page := strings.TrimSuffix(filepath.Base(name), ".html")
		if !slices.Contains(kinds, page) && !slices.Contains(ReservedSlugs, page) {
			t.Errorf("site/layouts/%s.html is a page of the site, but %q is not in ReservedSlugs", page, page)
		}
	}
}

func TestSlugify(t *testing.T) {
	scenarios := []struct{ in, want string }{
		{"Barn og unge", "barn-og-unge"},
		{"Søk", "sok-side"},
		{"CON", "con-side"},
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
