package atomicdir

import "os"

// A rename is durable on its own, the data it names is not: before a swap
// the new tree reaches the disk, and its parent with its name, so that
// after a power cut dst is the whole old tree or the whole new one, never
// empty files. Both are variables so that a test can see what is flushed.
var (
	syncFile = fsync
	syncTree = flushTree
)

// fsync flushes one file or directory.
func fsync(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
