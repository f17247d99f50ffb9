package contenttest

import (
	"path/filepath"
	"runtime"
)

// SeedDir is the directory of the frozen seed content: the content tree of
// the two seed reports as the exporter wrote it, copied from content/ (see
// testdata/README.md). Tests that assert what the seed says read this copy,
// never the repository's content/, which every publication changes.
func SeedDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "seed")
}
