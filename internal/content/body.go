package content

import (
	"fmt"
	"strings"
)

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

// Markdown that takes Goldmark minutes to render is refused, as measured
// by BenchmarkWorstBody (site): quotes and lists nested thousands deep,
// paragraphs of thousands of unclosed links or emphasis marks, or of
// quotation marks, and thousands of headings, whose cost grows with the
// square of their number. FuzzRenderBody (site) found the last two: the
// site's typographer pairs " and ' into « » and ’ (64 KiB of " took 6 s),
// and Hugo gives each heading an id that no earlier heading has, trying
// "x", "x-1", "x-2" … in turn (64 KiB of "# 0" lines took 27 s). Real text
// stays far inside all three.
const (
	// MaxNesting is how deep quotes and lists may sit inside each other.
	MaxNesting = 10
	// MaxMarks is how many of the characters Markdown reads as inline
	// markup (see marks) one paragraph may have.
	MaxMarks = 1000
	// MaxHeadings is how many headings a body may have.
	MaxHeadings = 500
)

// marks are the characters that open or close the inline Markdown whose
// cost grows with the square of their number: emphasis, strike-through,
// code, links and images, and the quotation marks the typographer pairs.
// (Parentheses, < and > alone cost nothing.)
const marks = "*_~`[]\"'"

// CheckBody returns a Norwegian sentence saying why a body would take too
// long to render, or nil.
func CheckBody(body string) error {
	count, headings, afterText, n := 0, 0, false, 0
	for line := range strings.Lines(body) {
		n++
		line = strings.TrimSuffix(line, "\n")
		depth, inner := containers(line)
		if depth > MaxNesting {
			return fmt.Errorf("linje %d har sitater eller lister inne i hverandre i mer enn %d nivåer, og det gjør siden for tung å lage", n, MaxNesting)
		}
		if heading(line, inner, afterText) {
			if headings++; headings > MaxHeadings {
				return fmt.Errorf("teksten har mer enn %d overskrifter (linje %d er nummer %d), og det gjør siden for tung å lage; del teksten opp eller bruk færre overskrifter", MaxHeadings, n, headings)
			}
		}
		afterText = strings.TrimSpace(line) != ""
		if !afterText {
			count = 0 // a new paragraph
			continue
		}
		if count += countMarks(line); count > MaxMarks {
			return fmt.Errorf("avsnittet som slutter på linje %d har mer enn %d formateringstegn (%s), og det gjør siden for tung å lage; del det opp i flere avsnitt", n, MaxMarks, strings.Join(strings.Split(marks, ""), " "))
		}
	}
	return nil
}

// isMark holds the bytes of marks: every body is checked at every export
// and preview build, 10,000 of them in a large archive.
var isMark = func() (is [256]bool) {
	for i := range len(marks) {
		is[marks[i]] = true
	}
	return is
}()

func countMarks(s string) int {
	n := 0
	for i := range len(s) {
		if isMark[s[i]] {
			n++
		}
	}
	return n
}

// containers is how many quote and list markers a line starts with ("> -
// >" is three deep) and what follows them.
func containers(line string) (depth int, inner string) {
	for {
		line = strings.TrimLeft(line, " \t")
		switch {
		case strings.HasPrefix(line, ">"):
			line = line[1:]
		case listMarker(line) > 0:
			line = line[listMarker(line):]
		default:
			return depth, line
		}
		depth++
	}
}

// heading reports whether a line, with inner what follows its quote and
// list markers, is or may be a heading: "#" to "######" and a space, or a
// line of "=" or "-" under text (a setext heading; "- - -" there counts too,
// though it is a rule).
func heading(line, inner string, afterText bool) bool {
	if underline := strings.TrimLeft(line, " \t>"); afterText && underline != "" &&
		(strings.Trim(underline, "= \t") == "" || strings.Trim(underline, "- \t") == "") {
		return true
	}
	hashes := len(inner) - len(strings.TrimLeft(inner, "#"))
	return hashes >= 1 && hashes <= 6 && (hashes == len(inner) || inner[hashes] == ' ' || inner[hashes] == '\t')
}

// listMarker is the length of the list marker line starts with ("-", "*",
// "+", or up to nine digits and "." or ")", then a space, a tab or the
// end), or 0.
func listMarker(line string) int {
	i := 0
	for i < len(line) && i < 9 && line[i] >= '0' && line[i] <= '9' {
		i++
	}
	switch {
	case i > 0 && i < len(line) && (line[i] == '.' || line[i] == ')'):
		i++
	case i == 0 && len(line) > 0 && strings.IndexByte("-*+", line[0]) >= 0:
		i = 1
	default:
		return 0
	}
	if i == len(line) || line[i] == ' ' || line[i] == '\t' {
		return i
	}
	return 0
}
