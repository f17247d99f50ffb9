package pdf

import (
	"bytes"
	"strings"
	"testing"
)

func TestWithoutStamps(t *testing.T) {
	for _, s := range []struct{ name, in, want string }{
		{"Skia's information dictionary",
			"1 0 obj\n<</Title (T)\n/CreationDate (D:20261201144312+00'00')\n/ModDate (D:20261201144312+00'00')>>\nendobj",
			"1 0 obj\n<</Title (T)\n                                       \n                                  >>\nendobj"},
		{"a date in UTC", "/ModDate (D:20261201144312Z)", "                            "},
		{"Chromium's version, with escaped parentheses",
			"<</Creator (Mozilla/5.0 \\(X11; Linux x86_64\\) HeadlessChrome/156.0.0.0)\n/Producer (Skia/PDF m156)>>",
			"<<" + strings.Repeat(" ", 69) + "\n" + strings.Repeat(" ", 25) + ">>"},
		{"no dates", "%PDF-1.4\n1 0 obj <<>> endobj", "%PDF-1.4\n1 0 obj <<>> endobj"},
		{"a date in a page's text is kept", "(/CreationDate is a key)", "(/CreationDate is a key)"},
	} {
		got := withoutStamps([]byte(s.in))
		if !bytes.Equal(got, []byte(s.want)) {
			t.Errorf("%s: got %q; want %q", s.name, got, s.want)
		}
		if len(got) != len(s.in) {
			t.Errorf("%s: %d bytes became %d; the cross-reference offsets no longer hold", s.name, len(s.in), len(got))
		}
	}
}
