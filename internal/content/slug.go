package content

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// MaxSlugLength bounds a slug so that file names and URLs stay readable.
const MaxSlugLength = 100

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// ValidateSlug returns a Norwegian sentence saying what is wrong with slug,
// or nil. A valid slug is lowercase ASCII letters and digits joined by
// single hyphens, so it can never name a path outside its section.
func ValidateSlug(slug string) error {
	switch {
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
// "Møteplan for 2026" → "moteplan-for-2026". It returns "" for a title
// without letters or digits.
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
	return slug
}
