// Package prose reads a page's text the way a reader does: its words and
// sentences, how readable it is (LIX), and which words a Norwegian
// dictionary does not know. The desk and `ssu check` both use it, so an
// editor sees before publishing what the quality gate will say.
package prose

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LongWord is the length from which LIX counts a word as long: more than
// six letters.
const LongWord = 7

// Band limits of LIX, as Swedish and Norwegian plain-language guides give
// them: under Easy is easy to read, from Hard on it is hard.
const (
	Easy = 40
	Hard = 50
)

// Readability is LIX and what it is made of, for one text.
type Readability struct {
	LIX       int      `json:"lix"`       // words per sentence + percentage of long words, rounded
	Band      string   `json:"niva"`      // what the figure means, Norwegian
	Words     int      `json:"ord"`       // words counted
	Sentences int      `json:"setninger"` // sentences counted
	LongWords int      `json:"langeOrd"`  // words of LongWord letters or more
	Longest   []string `json:"lengste"`   // the longest sentences, longest first (at most three)
}

// Measure computes LIX for text: blocks (paragraphs, list items,
// headings) are separated by blank lines, and each ends a sentence. A text
// without words has LIX 0 and no band.
func Measure(text string) Readability {
	var r Readability
	type sentence struct {
		text  string
		words int
	}
	var all []sentence
	for _, s := range Sentences(text) {
		words := Words(s)
		if len(words) == 0 {
			continue
		}
		all = append(all, sentence{s, len(words)})
		r.Sentences++
		r.Words += len(words)
		for _, w := range words {
			if utf8.RuneCountInString(w) >= LongWord {
				r.LongWords++
			}
		}
	}
	if r.Words == 0 {
		return r
	}
	lix := float64(r.Words)/float64(r.Sentences) + 100*float64(r.LongWords)/float64(r.Words)
	r.LIX = int(lix + 0.5)
	r.Band = BandOf(r.LIX)
	sort.SliceStable(all, func(i, j int) bool { return all[i].words > all[j].words })
	for i := 0; i < len(all) && i < 3; i++ {
		r.Longest = append(r.Longest, all[i].text)
	}
	return r
}

// BandOf says in Norwegian what a LIX figure means.
func BandOf(lix int) string {
	switch {
	case lix < 30:
		return "svært lett å lese"
	case lix < Easy:
		return "lett å lese"
	case lix < Hard:
		return "middels vanskelig"
	case lix < 60:
		return "vanskelig å lese"
	default:
		return "svært vanskelig å lese"
	}
}

// Sentences splits text into sentences: a blank line ends one, and so
// does ., ! or ? followed by a space and a capital letter or a digit, or
// ending the text. An abbreviation before a capital ("f.eks. Bærum") ends
// one too; LIX is an estimate, and the common case is right.
func Sentences(text string) []string {
	var out []string
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		block = strings.Join(strings.Fields(block), " ")
		start := 0
		runes := []rune(block)
		for i, c := range runes {
			if c != '.' && c != '!' && c != '?' {
				continue
			}
			if i+2 < len(runes) && runes[i+1] == ' ' && (unicode.IsUpper(runes[i+2]) || unicode.IsDigit(runes[i+2])) {
				out = append(out, strings.TrimSpace(string(runes[start:i+1])))
				start = i + 2
			}
		}
		if rest := strings.TrimSpace(string(runes[start:])); rest != "" {
			out = append(out, rest)
		}
	}
	return out
}

// Words returns the words of text: runs of letters, a hyphen or an
// apostrophe inside a run kept out ("Vestre-Viken" is two words), and
// tokens with digits in them ("H2", "2024") left out.
func Words(text string) []string {
	var words []string
	for _, tok := range strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	}) {
		if strings.IndexFunc(tok, unicode.IsDigit) >= 0 {
			continue
		}
		words = append(words, tok)
	}
	return words
}
