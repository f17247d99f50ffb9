// Package browser holds what the programs that drive Chromium share:
// finding it on PATH.
package browser

import (
	"errors"
	"os/exec"
)

// Chromium finds Chromium on PATH (Debian's chromium, or chromium-browser).
func Chromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("Chromium is not installed: install it with apt-get install chromium")
}
