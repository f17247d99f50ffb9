package sitecheck

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// tools are the programs the HTML and browser checks run, as found.
type tools struct {
	root     string // the directory with package.json and node_modules/
	node     string // "" when Node.js is not on PATH
	chromium string // "" when no Chromium was found
	require  bool   // missing tools are errors (CI), not skips
}

// HTMLValidateConfig is the html-validate configuration, in the tools
// directory.
const HTMLValidateConfig = ".htmlvalidate.json"

func findTools(opts Options) tools {
	t := tools{root: opts.ToolsDir, require: opts.RequireTools}
	if t.root == "" {
		t.root = "."
	}
	t.node, _ = exec.LookPath("node")
	if opts.Chromium != "" {
		t.chromium, _ = exec.LookPath(opts.Chromium)
	} else {
		for _, name := range []string{"chromium", "chromium-browser"} {
			if p, err := exec.LookPath(name); err == nil {
				t.chromium = p
				break
			}
		}
	}
	return t
}

// FindToolsDir returns the nearest directory at or above start that has
// the html-validate configuration (the repository root), or start.
func FindToolsDir(start string) string {
	dir, err := filepath.Abs(start)
	if err != nil {
		return start
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, HTMLValidateConfig)); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return start
		}
		dir = parent
	}
}

// module returns the path of an npm package in node_modules, or "".
func (t tools) module(name string) string {
	dir := filepath.Join(t.root, "node_modules", name)
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err != nil {
		return ""
	}
	return dir
}

// missing says what of node, the npm packages and Chromium is not there,
// and how to install it; "" when all is there.
func (t tools) missing(chromium bool, packages ...string) string {
	if t.node == "" {
		return "Node.js (node) is not on PATH. Install it with: apt-get install nodejs npm; then run npm install in " + t.root
	}
	for _, p := range packages {
		if t.module(p) == "" {
			return fmt.Sprintf("%s is not in %s. Install the npm tools with: npm install (in %s)",
				p, filepath.Join(t.root, "node_modules"), t.root)
		}
	}
	if chromium && t.chromium == "" {
		return "Chromium is not installed. Install it with: apt-get install chromium"
	}
	return ""
}

// unavailable marks res as skipped for want of a tool, or as failed when
// tools are required.
func (t tools) unavailable(res Result, why string) Result {
	if t.require {
		res.Err = fmt.Errorf("%s\n(CI=true: CI requires this check to run)", why)
	} else {
		res.Skipped = why
	}
	return res
}
