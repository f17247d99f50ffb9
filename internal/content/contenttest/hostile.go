package contenttest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// HostileTexts reads testdata/hostile.txt, the one corpus of hostile text
// the tests put into every field: a header up to the first empty line,
// then one text a line, with ⏎, ⇥ and ␀ standing for a line break, a tab
// and NUL. A text in it twice is an error.
func HostileTexts() ([]string, error) {
	_, file, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "testdata", "hostile.txt"))
	if err != nil {
		return nil, err
	}
	_, list, ok := strings.Cut(string(data), "\n\n")
	if !ok {
		return nil, fmt.Errorf("hostile.txt has no empty line after its header")
	}
	unescape := strings.NewReplacer("⏎", "\n", "⇥", "\t", "␀", "\x00")
	var texts []string
	seen := map[string]bool{}
	scanner := bufio.NewScanner(strings.NewReader(list))
	scanner.Buffer(nil, 1<<20)
	for scanner.Scan() {
		if scanner.Text() == "" {
			continue
		}
		t := unescape.Replace(scanner.Text())
		if seen[t] {
			return nil, fmt.Errorf("hostile.txt has %q twice", scanner.Text())
		}
		seen[t] = true
		texts = append(texts, t)
	}
	return texts, scanner.Err()
}
