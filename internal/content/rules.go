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

var errImage = errors.New("bildet kan ikke leses som JPEG, PNG eller WebP (filen er skadet eller av en annen type)")

// CheckLinkURL refuses a source link the site cannot show: an address
// must be http or https with a host, or mailto: with an address. (tel: is
// refused by PocketBase's URL field already, and html/template would
// disarm it.)
func CheckLinkURL(s string) error {
	u, err := url.Parse(s)
	ok := err == nil && len(s) <= MaxURL && utf8.ValidString(s) && !strings.ContainsAny(s, " \t\r\n")
	if ok {
		switch u.Scheme {
		case "http", "https":
			ok = u.Host != ""
		case "mailto":
			ok = u.Opaque != "" && u.Host == ""
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("lenken «%s» er ikke en gyldig adresse: den må begynne med https://, http:// eller mailto:", s)
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
