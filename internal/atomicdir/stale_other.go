//go:build !unix

package atomicdir

import "os"

// Without flock a directory left by a killed process cannot be told from
// one a running process is writing, so nothing is removed.

func newTemp(parent, base string) (string, func(), error) {
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	return tmp, func() {}, err
}

func removeStale(string, string) {}

// takeKept reuses nothing: without locks it cannot be done safely.
func takeKept(_, _, _ string, unlockTmp func()) func() { return unlockTmp }
