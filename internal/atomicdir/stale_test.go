//go:build unix

package atomicdir_test

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
)

// mkTree makes dir with the given files in it.
func mkTree(t *testing.T, dir string, files ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// TestReplaceRemovesStaleDirectories: what a killed Replace left beside
// dst (a partial tree, or the previous tree after the swap) is removed by
// the next Replace; a directory a running Replace is writing, and anything
// that is not exactly such a directory, is left alone.
func TestReplaceRemovesStaleDirectories(t *testing.T) {
	parent := t.TempDir()
	dst := filepath.Join(parent, "public")
	if err := atomicdir.Replace(dst, write("a.html", "første")); err != nil {
		t.Fatal(err)
	}

	stale := []string{".public.new-123", ".public.new-4294967295"}
	mkTree(t, filepath.Join(parent, stale[0]), "halv.html")
	mkTree(t, filepath.Join(parent, stale[0], "prosjekter"), "x.html")
	mkTree(t, filepath.Join(parent, stale[1]))

	// A running Replace holds a lock on the directory it writes.
	running := filepath.Join(parent, ".public.new-777")
	mkTree(t, running, "skrives.html")
	f, err := os.Open(running)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		t.Fatal(err)
	}

	outside := filepath.Join(t.TempDir(), "andre")
	mkTree(t, outside, "behold.html")
	keep := []string{
		".public.new-abc", ".public.new-", ".public.new-12x", ".public.old", "public2",
		".content.new-123", ".public.new-123.old",
	}
	for _, name := range keep {
		mkTree(t, filepath.Join(parent, name), "behold.html")
	}
	if err := os.WriteFile(filepath.Join(parent, ".public.new-999"), []byte("en fil"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(parent, ".public.new-555")); err != nil {
		t.Fatal(err)
	}
	keep = append(keep, ".public.new-999", ".public.new-555", ".public.new-777")

	if err := atomicdir.Replace(dst, write("b.html", "andre")); err != nil {
		t.Fatal(err)
	}
	for _, name := range stale {
		if exists(filepath.Join(parent, name)) {
			t.Errorf("stale %s is still there after the next Replace", name)
		}
	}
	for _, name := range keep {
		if !exists(filepath.Join(parent, name)) {
			t.Errorf("%s was removed; only unlocked temporary directories of public should be", name)
		}
	}
	if !exists(filepath.Join(running, "skrives.html")) {
		t.Error("the locked directory of a running Replace lost its file")
	}
	if !exists(filepath.Join(outside, "behold.html")) {
		t.Error("the target of a symbolic link was emptied")
	}
	if got, err := os.ReadFile(filepath.Join(dst, "b.html")); err != nil || string(got) != "andre" {
		t.Errorf("b.html = %q, %v", got, err)
	}
}

// TestKilledProcessLeavesNothingBehind kills a process in the middle of a
// Replace, as a crash would: its directory stays while it runs (another
// Replace of the same dst must not take it) and is gone after the next
// Replace once the process is dead.
func TestKilledProcessLeavesNothingBehind(t *testing.T) {
	if dst := os.Getenv("ATOMICDIR_HELPER_DST"); dst != "" {
		helper(dst)
		return
	}
	parent := t.TempDir()
	dst := filepath.Join(parent, "content")
	if err := atomicdir.Replace(dst, write("a.md", "A")); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledProcessLeavesNothingBehind$")
	cmd.Env = append(os.Environ(), "ATOMICDIR_HELPER_DST="+dst)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	tmp, ok := strings.CutPrefix(strings.TrimSpace(line), "fyller ")
	if err != nil || !ok {
		t.Fatalf("helper said %q, %v", line, err)
	}

	if err := atomicdir.Replace(dst, write("b.md", "B")); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(tmp, "halv.md")) {
		t.Fatal("a Replace removed the directory a running process is writing")
	}

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if !exists(tmp) {
		t.Fatal("the killed process's directory vanished by itself; the test proves nothing")
	}
	if err := atomicdir.Replace(dst, write("c.md", "C")); err != nil {
		t.Fatal(err)
	}
	if exists(tmp) {
		t.Errorf("%s, left by the killed process, is still there after the next Replace", filepath.Base(tmp))
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("%d entries beside the tree; want only the tree", len(entries))
	}
	if got, err := os.ReadFile(filepath.Join(dst, "c.md")); err != nil || string(got) != "C" {
		t.Errorf("c.md = %q, %v", got, err)
	}
}

// helper is the process that gets killed: it starts a Replace, says where
// it writes and waits in the middle of the fill.
func helper(dst string) {
	atomicdir.Replace(dst, func(tmp string) error {
		if err := os.WriteFile(filepath.Join(tmp, "halv.md"), []byte("halv"), 0o644); err != nil {
			return err
		}
		fmt.Println("fyller " + tmp)
		for {
			time.Sleep(time.Second)
		}
	})
}

// TestConcurrentReplace runs many Replaces of one dst at once, each also
// clearing stale directories: none may take another's directory (its fill
// would fail), dst never goes missing, and the last tree is whole.
func TestConcurrentReplace(t *testing.T) {
	parent := t.TempDir()
	dst := filepath.Join(parent, "public")
	const files = 40
	fill := func(version string) func(string) error {
		return func(dir string) error {
			for i := range files {
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprint(i)), []byte(version), 0o644); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if err := atomicdir.Replace(dst, fill("start")); err != nil {
		t.Fatal(err)
	}

	done := make(chan struct{})
	missing := make(chan error, 1)
	go func() {
		for {
			select {
			case <-done:
				close(missing)
				return
			default:
			}
			if fi, err := os.Lstat(dst); err != nil || !fi.IsDir() {
				missing <- fmt.Errorf("dst missing during a Replace: %v", err)
				close(missing)
				return
			}
		}
	}()

	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for w := range 8 {
		wg.Go(func() {
			for i := range 20 {
				if err := atomicdir.Replace(dst, fill(fmt.Sprintf("%d-%d", w, i))); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := <-missing; err != nil {
		t.Error(err)
	}

	entries, err := os.ReadDir(dst)
	if err != nil || len(entries) != files {
		t.Fatalf("dst has %d files (%v); want %d", len(entries), err, files)
	}
	first, _ := os.ReadFile(filepath.Join(dst, "0"))
	for i := range files {
		if got, _ := os.ReadFile(filepath.Join(dst, fmt.Sprint(i))); string(got) != string(first) {
			t.Fatalf("dst mixes trees: file 0 is %q, file %d is %q", first, i, got)
		}
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("%d entries beside dst after all Replaces; want none", len(entries)-1)
	}
}
