package content

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileError says which file, and where in it, a content file is wrong.
// Its text is Norwegian because editors read it.
type FileError struct {
	Path   string
	Line   int // 0 when the problem is the file as a whole
	Reason string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, linje %d: %s", e.Path, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Reason)
}

const delimiter = "+++\n"

// encodeFile writes front matter with the TOML encoder, then the body with
// shortcode syntax neutralised. A blank line separates the two.
func encodeFile(frontMatter any, body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(delimiter)
	if err := toml.NewEncoder(&b).Encode(frontMatter); err != nil {
		return nil, fmt.Errorf("encode front matter: %w", err)
	}
	b.WriteString(delimiter)
	if body = NormalizeBody(body); body != "" {
		b.WriteString("\n")
		b.WriteString(EscapeShortcodes(body))
	}
	return b.Bytes(), nil
}

// decodeFile reads a file written by encodeFile into frontMatter and returns
// the body. Unknown keys are refused, so a typo is never silently dropped.
func decodeFile(path string, data []byte, frontMatter any) (string, error) {
	text := string(data)
	if !strings.HasPrefix(text, delimiter) {
		return "", &FileError{Path: path, Line: 1, Reason: "filen må begynne med +++ på første linje (TOML-forside)"}
	}
	rest := text[len(delimiter):]
	var fm, body string
	if strings.HasPrefix(rest, delimiter) {
		body = rest[len(delimiter):]
	} else {
		end := strings.Index(rest, "\n"+delimiter)
		if end < 0 {
			return "", &FileError{Path: path, Line: 1, Reason: "forsiden mangler avsluttende +++"}
		}
		fm, body = rest[:end+1], rest[end+1+len(delimiter):]
	}

	md, err := toml.Decode(fm, frontMatter)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return "", &FileError{Path: path, Line: perr.Position.Line + 1, Reason: "ugyldig TOML: " + perr.Message}
		}
		return "", &FileError{Path: path, Line: 1, Reason: "ugyldig TOML: " + err.Error()}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0].String()
		return "", &FileError{Path: path, Line: keyLine(fm, undecoded[0]), Reason: fmt.Sprintf("ukjent felt «%s»", key)}
	}
	body = strings.TrimPrefix(body, "\n")
	return UnescapeShortcodes(NormalizeBody(body)), nil
}

// fileKeyLine is keyLine for a whole file, opening +++ included.
func fileKeyLine(file, key string) int {
	return keyLine(strings.TrimPrefix(file, delimiter), toml.Key{key})
}

// keyLine finds the file line on which the last part of key is set, for
// error messages; 1 (the opening +++) when it cannot be found.
func keyLine(frontMatter string, key toml.Key) int {
	name := key[len(key)-1]
	for i, line := range strings.Split(frontMatter, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, name+" ") || strings.HasPrefix(line, name+"=") ||
			strings.HasPrefix(line, `"`+name+`"`) || line == "["+key.String()+"]" || line == "[["+key.String()+"]]" {
			return i + 2 // +1 for counting from one, +1 for the opening +++
		}
	}
	return 1
}
