package content

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// MaxSlugLength bounds a slug so that file names and URLs stay readable.
const MaxSlugLength = 100

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ReservedSlugs are names no page may have: the device names Windows gives
// no file (a checkout or a backup there would fail), the names of Hugo's
// own files and paths (index.md is a bundle's page, page/2/ a list's
// second page) and of the site's own pages and files.
var ReservedSlugs = []string{
	"con", "prn", "aux", "nul",
	"com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
	"lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
	"index", "page", "404",
	"sok", "nokkeltall", "utvalget", "tilgjengelighet", "data", "pagefind", "robots", "sitemap", "forhandsvisning",
}

// ValidateSlug returns a Norwegian sentence saying what is wrong with slug,
// or nil. A valid slug is lowercase ASCII letters and digits joined by
// single hyphens, so it can never name a path outside its section, and is
// none of ReservedSlugs.
func ValidateSlug(slug string) error {
	switch {
	case slices.Contains(ReservedSlugs, slug):
		return fmt.Errorf("adressenavnet (slug) «%s» er reservert for nettstedet eller filsystemet; velg et annet", slug)
	case slug == "":
		return fmt.Errorf("adressenavnet (slug) kan ikke være tomt")
	case len(slug) > MaxSlugLength:
		return fmt.Errorf("adressenavnet (slug) kan være høyst %d tegn", MaxSlugLength)
	case !slugPattern.MatchString(slug):
		return fmt.Errorf("adressenavnet (slug) «%s» kan bare ha små bokstaver a–z, sifre og enkle bindestreker, uten mellomrom, skråstrek eller punktum", slug)
	}
	return nil
}

var transliterations = strings.NewReplacer(
	"æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a",
	"é", "e", "è", "e", "ê", "e", "ü", "u", "ö", "o", "ä", "a", "ß", "ss",
)

// Slugify makes a valid slug from a title: "Barn og unge" → "barn-og-unge",
// "Møteplan for 2026" → "moteplan-for-2026", "Søk" → "sok-side" (a
// reserved name gets a suffix). It returns "" for a title without letters
// or digits.
func Slugify(title string) string {
	s := transliterations.Replace(title)
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	slug := b.String()
	if len(slug) > MaxSlugLength {
		slug = strings.TrimRight(slug[:MaxSlugLength], "-")
	}
	if slices.Contains(ReservedSlugs, slug) {
		slug += "-side" // "Søk" → "sok-side"
	}
	return slug
}
