package main

import (
	"io"
	"strings"
	"testing"
)

// TestParse reads go test -v -bench output as it comes: results of the
// sub-benchmarks, and a skipped benchmark with the reason it logged.
func TestParse(t *testing.T) {
	output := `goos: linux
BenchmarkDeploy
BenchmarkDeploy/seed
BenchmarkDeploy/seed-2         	       3	4050361731 ns/op	         3.050 save-s	       104.6 serve-peak-MiB	         7.000 uploaded-files
BenchmarkSearch
    scale_test.go:177: pagefind is not installed: run npm install in the repository, or build without --search
--- SKIP: BenchmarkSearch
PASS
`
	results := map[string]float64{}
	var skipped []string
	parse(strings.NewReader(output), io.Discard, results, &skipped)
	for key, want := range map[string]float64{"Deploy/seed save-s": 3.05, "Deploy/seed uploaded-files": 7, "Deploy/seed serve-peak-MiB": 104.6} {
		if got := results[key]; got != want {
			t.Errorf("%s = %v; want %v", key, got, want)
		}
	}
	want := "BenchmarkSearch: scale_test.go:177: pagefind is not installed: run npm install in the repository, or build without --search"
	if len(skipped) != 1 || skipped[0] != want {
		t.Errorf("skipped %q; want [%q]", skipped, want)
	}
}
