package content

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// FileError says which file, and where in it, a content file is wrong.
// Its text is Norwegian because editors read it.
type FileError struct {
	Path   string
	Line   int    // 0 when the problem is the file as a whole
	Key    string // the front-matter key it is about, "(brødtekst)" for the body; may be empty
	Reason string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s, linje %d: %s", e.Path, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Reason)
}

const delimiter = "+++\n"

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
