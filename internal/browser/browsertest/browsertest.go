// Package browsertest finds what a test needs to drive Chromium with a
// Node script.
package browsertest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser"
)

// Tools finds node, Chromium and the repository root whose node_modules
// holds playwright-core (npm install), or skips the test, except on CI
// (CI=true), where they must be there.
func Tools(t testing.TB) (node, chromium, root string) {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (CI=true: the tests in Chromium must run)", what)
		}
		t.Skip(what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("Node.js (node) is not on PATH")
	}
	if chromium, err = browser.Chromium(); err != nil {
		missing(err.Error())
	}
	if root, err = moduleRoot(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "playwright-core", "package.json")); err != nil {
		missing("playwright-core is not installed: run npm install in " + root)
	}
	return node, chromium, root
}

// moduleRoot is the directory of go.mod at or above the test's package.
func moduleRoot() (string, error) {
	start, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := start; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod at or above %s", start)
		}
		dir = parent
	}
}
