//go:build !linux

package atomicdir

import "os"

// exchange swaps two directories with two renames. Between them dst is
// briefly missing; Linux, where we build and deploy, swaps in one step.
func exchange(a, b string) error {
	old := a + ".old"
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
