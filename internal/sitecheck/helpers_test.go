package sitecheck

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readFixture reads a fixture site from testdata.
func readFixture(t *testing.T, dir, baseURL string) *builtSite {
	t.Helper()
	s, err := readSite(filepath.Join("testdata", dir), baseURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// lines returns the problems as the report prints them.
func lines(ps []Problem) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out
}

// sameLines fails the test unless got and want hold the same lines.
func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %d problems:\n  %s\nwant %d:\n  %s",
			len(got), strings.Join(got, "\n  "), len(want), strings.Join(want, "\n  "))
	}
}

// repoRoot is where package.json and node_modules are.
var repoRoot = filepath.Join("..", "..")

// onCI reports whether the tests run in CI, where every tool must be there.
func onCI() bool { return os.Getenv("CI") == "true" }

// needTools skips the test when what the check needs is not installed, and
// fails it instead on CI, which must run every check.
func needTools(t *testing.T, chromium bool, packages ...string) tools {
	t.Helper()
	tl := findTools(Options{ToolsDir: repoRoot, RequireTools: onCI()})
	if why := tl.missing(chromium, packages...); why != "" {
		if onCI() {
			t.Fatalf("CI=true and a tool is missing: %s", why)
		}
		t.Skip("skipped: " + why)
	}
	return tl
}

// httpGet returns the status code of a GET.
func httpGet(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
