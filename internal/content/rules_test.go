package content_test

import (
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestLinkURLs: what editors reasonably write as a source link is stored
// in one form the site can link to; what it cannot link is refused.
func TestLinkURLs(t *testing.T) {
	scenarios := []struct {
		typed, stored string // stored empty: refused
	}{
		{"https://example.org/a?b=c#d", "https://example.org/a?b=c#d"},
		{"  http://example.org/\n", "http://example.org/"},
		{"www.vestreviken.no/om", "https://www.vestreviken.no/om"},
		{"https://example.org/min fil.pdf", "https://example.org/min%20fil.pdf"},
		{"mailto:post@example.org", "mailto:post@example.org"},
		{"mailto:post@example.org?subject=SSU", "mailto:post@example.org?subject=SSU"},
		{"tel:+47 12 34 56 78", "tel:+4712345678"},
		{"TEL:22 33-44.55", "tel:2233-44.55"},
		{"tel:(0047)12345678", "tel:(0047)12345678"},
		{"tel:", ""},
		{"tel:+", ""},
		{"tel:ring meg", ""},
		{"tel:+47<script>", ""},
		{"ftp://example.org/fil", ""},
		{"javascript:alert(1)", ""},
		{"data:text/html,x", ""},
		{"example.org", ""},
		{"https://", ""},
		{"mailto:", ""},
		{"", ""},
	}
	for _, s := range scenarios {
		got := content.NormalizeLinkURL(s.typed)
		err := content.CheckLinkURL(got)
		switch {
		case s.stored == "" && err == nil:
			t.Errorf("%q is stored as %q; want it refused", s.typed, got)
		case s.stored != "" && (err != nil || got != s.stored):
			t.Errorf("%q is stored as %q (%v); want %q", s.typed, got, err, s.stored)
		case s.stored != "" && content.NormalizeLinkURL(got) != got:
			t.Errorf("%q normalised again is %q; want it unchanged", got, content.NormalizeLinkURL(got))
		}
	}
}

// TestImageHeight: WebP holds at most MaxImageHeight pixels a side, and
// the site makes images narrower, never taller.
func TestImageHeight(t *testing.T) {
	for _, s := range []struct {
		width, height int
		ok            bool
	}{{64, 48, true}, {20000, 2, true}, {1, content.MaxImageHeight, true}, {1, content.MaxImageHeight + 1, false}} {
		err := content.CheckImageHeight(contenttest.PNG(s.width, s.height))
		if (err == nil) != s.ok {
			t.Errorf("%d×%d: %v; want ok %t", s.width, s.height, err, s.ok)
		}
	}
}
