package contenttest

import (
	"bytes"
	"maps"
	"slices"
)

// Diff compares two sets of files (path to bytes) and lists, in path
// order, the files want has and got lacks, those whose bytes differ, and
// those got has and want lacks.
func Diff(got, want map[string][]byte) (missing, differ, extra []string) {
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[name]
		switch {
		case !ok:
			missing = append(missing, name)
		case !bytes.Equal(g, want[name]):
			differ = append(differ, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[name]; !ok {
			extra = append(extra, name)
		}
	}
	return missing, differ, extra
}
