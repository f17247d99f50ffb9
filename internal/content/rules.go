package content

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for the image types the site accepts
	_ "image/png"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	_ "golang.org/x/image/webp"
)

// Rules that both the save hooks and Validate apply to a single value, so
// that what saves is what builds. Each returns a Norwegian sentence for
// the editor, or nil.

// imageFormats maps the formats Go's decoders name to the extension the
// site gives the image: one of ImageTypes.
var imageFormats = map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}

// ImageExt is the extension an image gets in its bundle, read from its
// bytes rather than from the name it was uploaded with: bilde.jfif is a
// JPEG, and an .svg may hold a PNG.
func ImageExt(data []byte) (string, error) {
	_, format, err := image.DecodeConfig(bytes.NewReader(data))
	if ext, ok := imageFormats[format]; ok && err == nil {
		return ext, nil
	}
	return "", errImage
}

// CheckImage reads a whole image, as Hugo will when it builds the page:
// one that is not a JPEG, PNG or WebP, or is cut short, is refused.
func CheckImage(data []byte) error {
	_, format, err := image.Decode(bytes.NewReader(data))
	if _, ok := imageFormats[format]; !ok || err != nil {
		return errImage
	}
	return nil
}

// MaxImageHeight is the tallest image the site can show: Hugo writes every
// image as WebP, which holds at most 16383 pixels a side, and only ever
// makes an image narrower (so a wide one is fine).
const MaxImageHeight = 16383

// CheckImageHeight refuses an image taller than MaxImageHeight. The save
// hooks apply it; an image stored before the rule fails the page's build,
// which the build then leaves out (site.BuildTree).
func CheckImageHeight(data []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return errImage
	}
	if cfg.Height > MaxImageHeight {
		return fmt.Errorf("bildet er %d piksler høyt, og nettstedet kan vise bilder på høyst %d piksler i høyden: gjør det lavere, eller del det i flere bilder", cfg.Height, MaxImageHeight)
	}
	return nil
}

var errImage = errors.New("bildet kan ikke leses som JPEG, PNG eller WebP (filen er skadet eller av en annen type)")

// CheckLinkURL refuses a source link the site cannot show: an address
// must be http or https with a host, mailto: with an address, or tel: with
// a phone number (digits, a leading +, and the separators - . ( )).
func CheckLinkURL(s string) error {
	u, err := url.Parse(s)
	ok := err == nil && len(s) <= MaxURL && utf8.ValidString(s) && !strings.ContainsAny(s, " \t\r\n")
	if ok {
		switch u.Scheme {
		case "http", "https":
			ok = u.Host != ""
		case "mailto":
			ok = u.Opaque != "" && u.Host == ""
		case "tel":
			ok = strings.HasPrefix(s, "tel:") && phoneNumber.MatchString(u.Opaque)
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("lenken «%s» er ikke en gyldig adresse; skriv en nettadresse (https://…), en e-postadresse (mailto:navn@eksempel.no) eller et telefonnummer (tel:+4712345678)", s)
	}
	return nil
}

// phoneNumber is a tel: link's number: a + perhaps, then digits and
// separators, at least one digit. html/template disarms the scheme, so
// the report template trusts a tel: address, which this has checked.
var phoneNumber = regexp.MustCompile(`^\+?[0-9().-]*[0-9][0-9().-]*$`)

// NormalizeLinkURL gives a source link the one form it is stored in, from
// what editors reasonably write: spaces around it go, an address that
// begins with www. gets https://, a phone number loses its spaces and its
// scheme is written tel:, and a space inside a web address is written %20.
func NormalizeLinkURL(s string) string {
	s = strings.TrimSpace(s)
	scheme, rest, _ := strings.Cut(s, ":")
	switch strings.ToLower(scheme) {
	case "tel":
		return "tel:" + strings.Join(strings.Fields(rest), "")
	case "http", "https":
	default:
		if !strings.HasPrefix(strings.ToLower(s), "www.") {
			return s
		}
		s = "https://" + s
	}
	return strings.ReplaceAll(s, " ", "%20")
}

// CheckYear refuses a year the site cannot show, outside MinYear to
// MaxYear; key names the field.
func CheckYear(key string, year int) error {
	if year < MinYear || year > MaxYear {
		return fmt.Errorf("«%s» = %d er ikke et årstall mellom %d og %d", key, year, MinYear, MaxYear)
	}
	return nil
}

// CheckGrantFigures refuses more granted applications than applications,
// when their number is known (not 0).
func CheckGrantFigures(applications, granted int) error {
	if granted > applications && applications > 0 {
		return fmt.Errorf("flere innvilget (%d) enn søknader (%d)", granted, applications)
	}
	return nil
}

// CheckMeetingDate refuses a meeting date that is missing or not in the
// meeting's year: the meeting's page is named by its year.
func CheckMeetingDate(d Date, year int) error {
	switch {
	case d.IsZero():
		return errors.New("datoen mangler")
	case d.Time().Year() != year:
		return fmt.Errorf("datoen %s er ikke i år %d", d, year)
	}
	return nil
}

// aliasPattern is the address of a page under one of the directories the
// exporter writes: slugs (or years) between slashes.
var aliasPattern = regexp.MustCompile(`^/(` + ReportsDir + `|` + ProjectsDir + `|` + MeetingsDir + `|` + CommitteesDir + `)/([a-z0-9]+(-[a-z0-9]+)*/)+$`)

// CheckAlias refuses an old address that is not the address a page of the
// CMS could have had (/arsrapporter/2024/navn/): a redirect must not lead
// off the site, into a file or over the site's own pages.
func CheckAlias(s string) error {
	if len(s) > MaxURL || !aliasPattern.MatchString(s) {
		return fmt.Errorf("den gamle adressen «%s» er ingen sideadresse under /%s/, /%s/, /%s/ eller /%s/", s, ReportsDir, ProjectsDir, MeetingsDir, CommitteesDir)
	}
	return nil
}

// CheckPeriod refuses a project period that ends before it begins or names
// a year outside MinYear–MaxYear; 0 is a year not given.
func CheckPeriod(from, until int) error {
	for _, y := range []int{from, until} {
		if y != 0 && (y < MinYear || y > MaxYear) {
			return fmt.Errorf("året %d er ikke mellom %d og %d", y, MinYear, MaxYear)
		}
	}
	if from != 0 && until != 0 && until < from {
		return fmt.Errorf("perioden slutter (%d) før den begynner (%d)", until, from)
	}
	return nil
}

// CheckEmail refuses a contact address the site cannot link with mailto:
// empty is allowed.
func CheckEmail(s string) error {
	if s == "" {
		return nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > MaxShortText || !utf8.ValidString(s) {
		return fmt.Errorf("«%s» er ikke en e-postadresse på formen navn@eksempel.no", s)
	}
	return nil
}
