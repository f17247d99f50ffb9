// Package browser holds what the programs that drive Chromium share: the
// Node module that launches it (launch.cjs) and finding it on PATH.
package browser

import (
	_ "embed"
	"errors"
	"os/exec"
)

// LaunchModule is launch.cjs, for a script run from another directory
// (print.cjs, written to a temporary one), which requires it beside itself.
//
//go:embed launch.cjs
var LaunchModule []byte

// Chromium finds Chromium on PATH (Debian's chromium, or chromium-browser).
func Chromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("Chromium is not installed: install it with apt-get install chromium")
}
