package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// TestAwait: a build is awaited until it ends, unless Hugo stopped it and
// it has not ended a while later, or it went past its limit.
func TestAwait(t *testing.T) {
	failed := errors.New("render failed")
	closed := make(chan bool)
	close(closed)
	for _, tc := range []struct {
		name    string
		result  error // what the build returns; nil with never
		never   bool  // the build does not end
		stopped chan bool
		limit   time.Duration
		want    error
	}{
		{name: "ends", result: failed, want: failed},
		{name: "succeeds", want: nil},
		{name: "stopped, then ends", result: failed, stopped: closed, want: failed},
		{name: "stopped, hangs", never: true, stopped: closed, want: errHung},
		{name: "past its limit", never: true, limit: 10 * time.Millisecond, want: errHung},
		{name: "within its limit", result: failed, limit: time.Minute, want: failed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			built := make(chan error, 1)
			if !tc.never {
				built <- tc.result
			}
			got := await(built, tc.stopped, 10*time.Millisecond, tc.limit)
			if !errors.Is(got, tc.want) || (tc.want == nil) != (got == nil) {
				t.Errorf("await = %v; want %v", got, tc.want)
			}
		})
	}
}

// TestIncrementalAfterHang: the build after one that hung gets a new
// builder, as the hung Hugo keeps the old one's project (and its build
// lock), and builds the whole site.
func TestIncrementalAfterHang(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := contenttest.EdgeCases().Write(dir); err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2026, time.March, 2, 12, 0, 0, 0, content.Zone) }
	inc, err := NewIncremental(Options{ContentDir: dir, OutDir: filepath.Join(t.TempDir(), "public"), Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer inc.Close()
	if _, err := inc.Build(context.Background(), atomicdir.Changes{}); err != nil {
		t.Fatal(err)
	}
	old := inc.b
	old.abandon()
	inc.hung = true // as Build leaves it after errHung
	whole, err := inc.Build(context.Background(), atomicdir.Changes{})
	if err != nil || !whole {
		t.Fatalf("build after the hang: whole %t, %v; want a whole build", whole, err)
	}
	if inc.b == old {
		t.Error("the build after the hang used the builder the hung build keeps")
	}
	if _, err := os.Stat(old.project); err == nil {
		t.Error("the old builder's project was not removed")
	}
}

// TestSealedOutput: the output file system of an abandoned build refuses
// every change, so a build that wakes up later writes nothing.
func TestSealedOutput(t *testing.T) {
	out := t.TempDir()
	o := newOutputFs(out)
	o.begin(out, false)
	o.seal()
	name := filepath.Join(out, "side", "index.html")
	changes := map[string]error{}
	_, changes["Create"] = o.Create(name)
	_, changes["OpenFile"] = o.OpenFile(name, os.O_WRONLY|os.O_CREATE, 0o644)
	changes["MkdirAll"] = o.MkdirAll(filepath.Dir(name), 0o755)
	changes["Mkdir"] = o.Mkdir(filepath.Dir(name), 0o755)
	changes["Rename"] = o.Rename(name, name+".ny")
	changes["Remove"] = o.Remove(name)
	changes["RemoveAll"] = o.RemoveAll(filepath.Dir(name))
	changes["Chtimes"] = o.Chtimes(name, time.Now(), time.Now())
	for op, err := range changes {
		if !errors.Is(err, errSealed) {
			t.Errorf("%s after seal: %v; want it refused", op, err)
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("the sealed output has %d entries; want none", len(entries))
	}
}
