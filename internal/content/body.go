package content

import "strings"

// NormalizeBody gives editor Markdown the one form it is stored and written
// in: LF line ends, no leading blank lines, and exactly one final newline
// (none for an empty body). Trailing spaces inside lines are kept: two of
// them are a Markdown line break.
func NormalizeBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimLeft(s, "\n")
	s = strings.TrimRight(s, " \t\n")
	if s == "" {
		return ""
	}
	return s + "\n"
}

// NormalizeText is NormalizeBody for a text kept in the front matter (a
// report's foreword): the same form, without the final newline.
func NormalizeText(s string) string { return strings.TrimSuffix(NormalizeBody(s), "\n") }

// zeroWidthSpace keeps Hugo from reading "{{<" or "{{%" in editor text as a
// shortcode, and is invisible when the page is shown.
const zeroWidthSpace = "\u200b"

// EscapeShortcodes makes Hugo shortcode syntax in editor text render as
// written instead of running. Every "{" + n zero-width spaces + "{" that is
// followed by "<" or "%" gets one zero-width space more, so the mapping can
// be undone exactly by UnescapeShortcodes, whatever the editor typed.
func EscapeShortcodes(s string) string { return shiftShortcodes(s, +1) }

// UnescapeShortcodes undoes EscapeShortcodes.
func UnescapeShortcodes(s string) string { return shiftShortcodes(s, -1) }

func shiftShortcodes(s string, delta int) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '{' {
			b.WriteByte(s[i])
			i++
			continue
		}
		// Count the zero-width spaces between this brace and the next one.
		j, n := i+1, 0
		for strings.HasPrefix(s[j:], zeroWidthSpace) {
			j += len(zeroWidthSpace)
			n++
		}
		opens := j+1 < len(s) && s[j] == '{' && (s[j+1] == '<' || s[j+1] == '%')
		if !opens || n+delta < 0 {
			b.WriteByte('{')
			i++
			continue
		}
		b.WriteByte('{')
		b.WriteString(strings.Repeat(zeroWidthSpace, n+delta))
		i = j // the second brace is handled as the start of the next run
	}
	return b.String()
}
