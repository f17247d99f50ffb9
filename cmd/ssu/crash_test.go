//go:build linux

package main_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// The crash test's content: the seed with this many extra projects, the
// first crashImages of them with an image that Hugo resizes to three
// widths, so that an export writes several hundred files and a build
// renders several hundred pages and resizes images.
const (
	crashProjects = 250
	crashImages   = 2
)

// TestCrash kills `ssu export` and `ssu build` with SIGKILL, many times, at
// moments spread over their whole run: content/ and public/ must then be
// the previous complete tree or the new complete tree, byte for byte,
// never a mix and never missing; a kill must leave at most one temporary
// directory beside each, which the next run removes; and a build after a
// kill must be exactly what a build without one gives. It is Linux only:
// inotify tells it when a run creates and swaps its trees.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills ssu many times; about a minute")
	}
	f := newCrashFixture(t)
	t.Run("export", f.testExport)
	t.Run("build", f.testBuild)
	t.Run("image cache", f.testImageCache)
}

// crashFixture holds two databases whose exports differ, A and B, and the
// complete trees each gives.
type crashFixture struct {
	data            map[string]string   // version → data directory
	content, public map[string]snapshot // version → the complete tree
	env             []string            // TMPDIR of its own, to see what a kill leaves there
	tmp             string
}

func newCrashFixture(t *testing.T) *crashFixture {
	root := t.TempDir()
	f := &crashFixture{
		data:    map[string]string{},
		content: map[string]snapshot{},
		public:  map[string]snapshot{},
		tmp:     filepath.Join(root, "tmp"),
	}
	if err := os.Mkdir(f.tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	f.env = append(os.Environ(), "TMPDIR="+f.tmp)

	start := time.Now()
	ssuEnv := func(args ...string) error {
		cmd := exec.Command(ssu, args...)
		cmd.Env = f.env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("ssu %s: %v\n%s", args[0], err, out)
		}
		return nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	projects := 0
	for _, v := range []string{"A", "B"} {
		tree := crashTree(t, v)
		projects = len(tree.Projects)
		src := filepath.Join(root, "tree-"+v)
		if err := tree.Write(src); err != nil {
			t.Fatal(err)
		}
		f.data[v] = filepath.Join(root, "data-"+v)
		wg.Go(func() {
			if err := ssuEnv("import", "--dir", f.data[v], "--content", src); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// One after the other: two Hugo processes should not fill one cache.
	for _, v := range []string{"A", "B"} {
		ref := filepath.Join(root, "ref-"+v)
		if err := ssuEnv("build", "--dir", f.data[v], "--content", filepath.Join(ref, "content"), "--out", filepath.Join(ref, "public")); err != nil {
			t.Fatal(err)
		}
		f.content[v] = mustSnap(t, filepath.Join(ref, "content"))
		f.public[v] = mustSnap(t, filepath.Join(ref, "public"))
	}
	if f.content["A"].equal(f.content["B"]) || f.public["A"].equal(f.public["B"]) {
		t.Fatal("A and B give the same trees; the test could not tell them apart")
	}
	t.Logf("two databases of %d projects imported and built in %v: content/ has %d paths, public/ %d",
		projects, time.Since(start).Round(time.Millisecond), len(f.content["A"]), len(f.public["A"]))
	return f
}

// crashTree is the seed content with the extra projects. Version B changes
// every extra project's text and image, drops one and adds another.
func crashTree(t *testing.T, version string) *content.Tree {
	tree, err := content.Read(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	first, last := 0, crashProjects
	if version == "B" {
		first, last = 1, crashProjects+1
	}
	para := strings.Repeat("Samhandling mellom kommuner og sykehus gir bedre tjenester for pasientene. ", 12)
	for i := first; i < last; i++ {
		p := content.Project{
			Slug:   fmt.Sprintf("krasj-prosjekt-%04d", i),
			Title:  fmt.Sprintf("Prosjekt %d i versjon %s", i, version),
			Year:   2025,
			Weight: 100 + i,
			Body:   content.NormalizeBody(fmt.Sprintf("Versjon %s av prosjekt %d.\n\n%s\n\n%s", version, i, para, para)),
		}
		if i-first < crashImages {
			w := 1300
			if version == "B" {
				w += 40
			}
			p.Image = content.Image{Name: "bilde.png", Alt: "Illustrasjon " + version, Data: contenttest.PNG(w, 700)}
		}
		tree.Projects = append(tree.Projects, p)
	}
	return tree
}

// snapshot is a tree: every path under it, a directory as "dir" and a
// file as the SHA-256 of its bytes.
type snapshot map[string]string

func snap(dir string) (snapshot, error) {
	s := snapshot{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.IsDir():
			s[rel] = "dir"
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			s[rel] = hex.EncodeToString(sum[:])
		default:
			s[rel] = "type " + d.Type().String()
		}
		return nil
	})
	return s, err
}

func mustSnap(t *testing.T, dir string) snapshot {
	s, err := snap(dir)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (s snapshot) equal(o snapshot) bool { return maps.Equal(s, o) }

// which says which complete tree s is, or how it differs from both.
func which(s snapshot, err error, want map[string]snapshot) string {
	if err != nil {
		return "unreadable: " + err.Error()
	}
	var diffs []string
	for _, v := range []string{"A", "B"} {
		if s.equal(want[v]) {
			return v
		}
		var missing, extra, changed []string
		for k, sum := range want[v] {
			switch got, ok := s[k]; {
			case !ok:
				missing = append(missing, k)
			case got != sum:
				changed = append(changed, k)
			}
		}
		for k := range s {
			if _, ok := want[v][k]; !ok {
				extra = append(extra, k)
			}
		}
		some := func(l []string) []string { slices.Sort(l); return l[:min(len(l), 2)] }
		diffs = append(diffs, fmt.Sprintf("unlike %s in %d paths (missing %d %v, extra %d %v, changed %d %v)", v,
			len(missing)+len(extra)+len(changed), len(missing), some(missing), len(extra), some(extra), len(changed), some(changed)))
	}
	return "a mix, " + strings.Join(diffs, "; ")
}

// A moment is when a trial kills the process: after a delay, counted from
// the start of the process or from an event in the directory that holds
// content/ and public/.
type moment struct {
	after string // "" (the start), "create .content.new-", "create .public.new-", "swap content", "swap public"
	delay time.Duration
}

func (m moment) String() string {
	if m.after == "" {
		return fmt.Sprintf("start+%v", m.delay.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s+%v", m.after, m.delay.Round(100*time.Microsecond))
}

// trial is what one kill did.
type trial struct {
	moment
	at        time.Duration // from the start of the process to the kill
	finished  bool          // the process was done before the kill
	from, to  string        // the versions before and after the run
	content   string        // A, B or what is wrong
	public    string        // the same, for build
	leftovers []string      // names beside the trees after the kill
}

// phase says where in the run the kill landed, judged by what it left.
func (tr trial) phase() string {
	newLeft := func(base string) bool {
		return slices.ContainsFunc(tr.leftovers, func(n string) bool { return strings.HasPrefix(n, "."+base+".new-") })
	}
	state := tr.content
	base := "content"
	if tr.public != "" && tr.content == tr.to {
		state, base = tr.public, "public"
	}
	switch {
	case tr.finished:
		return "after the process ended"
	case state == tr.from && !newLeft(base):
		return "before writing " + base
	case state == tr.from:
		return "while writing " + base
	case newLeft(base):
		return "after the swap of " + base + ", removing the old tree"
	default:
		return "after the swap of " + base + ", old tree removed"
	}
}

// run starts ssu with args, whose trees are in work, and kills it at m.
// It returns when the kill was sent, and whether the process had ended
// by itself before.
func (f *crashFixture) run(t *testing.T, work string, m moment, args ...string) (time.Duration, bool) {
	t.Helper()
	w, err := watchDir(work)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	var ev <-chan time.Time
	if m.after != "" {
		ev = w.when(m.after)
	}
	cmd := exec.Command(ssu, args...)
	cmd.Env = f.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var fire <-chan time.Time
	if m.after == "" {
		fire = time.After(m.delay)
	} else {
		c := make(chan time.Time, 1)
		go func() {
			if _, ok := <-ev; ok {
				time.Sleep(m.delay)
				c <- time.Now()
			}
		}()
		fire = c
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ssu %s failed without a kill: %v\n%s", args[0], err, out.String())
		}
		return time.Since(start), true
	case <-fire:
		cmd.Process.Signal(syscall.SIGKILL)
		at := time.Since(start)
		err := <-done
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
			return at, false
		}
		if err != nil {
			t.Fatalf("ssu %s: %v\n%s", args[0], err, out.String())
		}
		return at, true // it ended between the moment and the signal
	}
}

// leftovers lists what is beside content/ and public/ in work.
func leftovers(t *testing.T, work string) []string {
	entries, err := os.ReadDir(work)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		// .public.old is the tree the next build reuses, kept on purpose.
		if e.Name() != "content" && e.Name() != "public" && e.Name() != ".public.old" {
			names = append(names, e.Name())
		}
	}
	return names
}

// check asserts what a trial left: complete trees, and at most one
// temporary directory beside each.
func (f *crashFixture) check(t *testing.T, work string, tr *trial, build bool) {
	t.Helper()
	s, err := snap(filepath.Join(work, "content"))
	tr.content = which(s, err, f.content)
	if tr.content != "A" && tr.content != "B" {
		t.Errorf("kill at %v (%v): content/ is %s", tr.moment, tr.at, tr.content)
	}
	if build {
		s, err := snap(filepath.Join(work, "public"))
		tr.public = which(s, err, f.public)
		if tr.public != "A" && tr.public != "B" {
			t.Errorf("kill at %v (%v): public/ is %s", tr.moment, tr.at, tr.public)
		}
		if tr.public == tr.to && tr.content != tr.to {
			t.Errorf("kill at %v: public/ is the new site %s but content/ the old %s", tr.moment, tr.public, tr.content)
		}
	}
	tr.leftovers = leftovers(t, work)
	for _, base := range []string{"content", "public"} {
		var n int
		for _, name := range tr.leftovers {
			if strings.HasPrefix(name, "."+base+".new-") {
				n++
			} else if !strings.HasPrefix(name, ".content.new-") && !strings.HasPrefix(name, ".public.new-") {
				t.Errorf("kill at %v left %q beside the trees", tr.moment, name)
			}
		}
		if n > 1 {
			t.Errorf("after the kill at %v there are %d temporary directories of %s (%v): the run before did not remove the stale one",
				tr.moment, n, base, tr.leftovers)
		}
	}
}

// spread is n delays from 0 to max, evenly.
func spread(n int, max time.Duration) []time.Duration {
	d := make([]time.Duration, n)
	for i := range d {
		d[i] = max * time.Duration(i) / time.Duration(n-1)
	}
	return d
}

// measure runs args to the end and says when each event came.
func (f *crashFixture) measure(t *testing.T, work string, events []string, args ...string) (time.Duration, map[string]time.Duration) {
	t.Helper()
	w, err := watchDir(work)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	chans := map[string]<-chan time.Time{}
	for _, e := range events {
		chans[e] = w.when(e)
	}
	start := time.Now()
	cmd := exec.Command(ssu, args...)
	cmd.Env = f.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ssu %s: %v\n%s", args[0], err, out)
	}
	total := time.Since(start)
	at := map[string]time.Duration{}
	for e, c := range chans {
		select {
		case when := <-c:
			at[e] = when.Sub(start)
		case <-time.After(5 * time.Second):
			t.Fatalf("no %q event in a run of ssu %s", e, args[0])
		}
	}
	return total, at
}

func (f *crashFixture) testExport(t *testing.T) {
	work := t.TempDir()
	contentDir := filepath.Join(work, "content")
	args := func(v string) []string { return []string{"export", "--dir", f.data[v], "--content", contentDir} }
	mustExport := func(v string) {
		cmd := exec.Command(ssu, args(v)...)
		cmd.Env = f.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("export: %v\n%s", err, out)
		}
	}
	mustExport("A")
	total, at := f.measure(t, work, []string{"create .content.new-", "swap content"}, args("B")...)
	total2, _ := f.measure(t, work, nil, args("A")...)
	total = max(total, total2)
	write := at["swap content"] - at["create .content.new-"]
	t.Logf("ssu export: %v in all; the new tree is written from %v to %v",
		total.Round(time.Millisecond), at["create .content.new-"].Round(time.Millisecond), at["swap content"].Round(time.Millisecond))

	var moments []moment
	for _, d := range spread(16, total*11/10) {
		moments = append(moments, moment{delay: d})
	}
	for _, d := range spread(8, write) {
		moments = append(moments, moment{after: "create .content.new-", delay: d})
	}
	for _, d := range spread(3, 2*time.Millisecond) {
		moments = append(moments, moment{after: "swap content", delay: d})
	}
	trials, state := f.kill(t, work, moments, args, false)
	mustExport(other(state))
	if left := leftovers(t, work); len(left) > 0 {
		t.Errorf("after a complete export, %v is left beside content/", left)
	}
	report(t, "export", trials)
}

// other is the version a run starting from v goes to.
func other(v string) string { return map[string]string{"A": "B", "B": "A"}[v] }

// kill runs the command once per moment, each time from the version the
// last run left towards the other, kills it at that moment and checks what
// it left. withPublic says the command also writes public/, whose version
// is then the one followed. It returns the trials and the last version.
func (f *crashFixture) kill(t *testing.T, work string, moments []moment, args func(string) []string, withPublic bool) ([]trial, string) {
	state := "A"
	var trials []trial
	for _, m := range moments {
		tr := trial{moment: m, from: state, to: other(state)}
		tr.at, tr.finished = f.run(t, work, m, args(tr.to)...)
		f.check(t, work, &tr, withPublic)
		if t.Failed() {
			t.FailNow()
		}
		trials = append(trials, tr)
		state = tr.content
		if withPublic {
			state = tr.public
		}
	}
	return trials, state
}

func (f *crashFixture) testBuild(t *testing.T) {
	work := t.TempDir()
	args := func(v string) []string {
		return []string{"build", "--dir", f.data[v], "--content", filepath.Join(work, "content"), "--out", filepath.Join(work, "public")}
	}
	mustBuild := func(v string) {
		cmd := exec.Command(ssu, args(v)...)
		cmd.Env = f.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, out)
		}
	}
	mustBuild("A")
	events := []string{"create .content.new-", "swap content", "create .public.new-", "swap public"}
	total, at := f.measure(t, work, events, args("B")...)
	total2, _ := f.measure(t, work, nil, args("A")...)
	total = max(total, total2)
	hugo := at["swap public"] - at["create .public.new-"]
	t.Logf("ssu build: %v in all; content/ is written from %v to %v, public/ from %v to %v", total.Round(time.Millisecond),
		at["create .content.new-"].Round(time.Millisecond), at["swap content"].Round(time.Millisecond),
		at["create .public.new-"].Round(time.Millisecond), at["swap public"].Round(time.Millisecond))

	var moments []moment
	for _, d := range spread(10, total*11/10) {
		moments = append(moments, moment{delay: d})
	}
	for _, d := range spread(2, at["swap content"]-at["create .content.new-"]) {
		moments = append(moments, moment{after: "create .content.new-", delay: d})
	}
	for _, d := range spread(6, hugo) {
		moments = append(moments, moment{after: "create .public.new-", delay: d})
	}
	for _, d := range spread(2, 2*time.Millisecond) {
		moments = append(moments, moment{after: "swap public", delay: d})
	}
	trials, state := f.kill(t, work, moments, args, true)
	mustBuild(other(state))
	if left := leftovers(t, work); len(left) > 0 {
		t.Errorf("after a complete build, %v is left beside content/ and public/", left)
	}
	report(t, "build", trials)
	if sites, _ := filepath.Glob(filepath.Join(f.tmp, "ssu-site-*")); len(sites) > 0 {
		t.Logf("build: %d killed builds left their unpacked Hugo project (ssu-site-*) in TMPDIR", len(sites))
	}
}

// testImageCache kills builds while Hugo resizes images into its cache,
// starting from an empty cache each time, and then builds to the end. Hugo
// creates a cache file before it encodes the image into it, so a kill
// leaves empty files there; the next build must not use them: its site is
// exactly the reference.
func (f *crashFixture) testImageCache(t *testing.T) {
	work := t.TempDir()
	cache := filepath.Join(f.tmp, "ssu-hugo-cache")
	args := []string{"build", "--dir", f.data["B"], "--content", filepath.Join(work, "content"), "--out", filepath.Join(work, "public")}
	os.RemoveAll(cache)
	total, at := f.measure(t, work, []string{"create .public.new-", "swap public"}, args...)
	hugo := at["swap public"] - at["create .public.new-"]
	t.Logf("build with an empty image cache: %v in all, Hugo %v", total.Round(time.Millisecond), hugo.Round(time.Millisecond))
	for _, d := range []time.Duration{hugo / 4, hugo / 2, hugo * 3 / 4} {
		os.RemoveAll(cache)
		m := moment{after: "create .public.new-", delay: d}
		tr := trial{moment: m, from: "B", to: "B"}
		tr.at, tr.finished = f.run(t, work, m, args...)
		f.check(t, work, &tr, true)
		files, empty := 0, 0
		filepath.WalkDir(cache, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				files++
				if fi, err := d.Info(); err == nil && fi.Size() == 0 {
					empty++
				}
			}
			return nil
		})
		cmd := exec.Command(ssu, args...)
		cmd.Env = f.env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build after the kill: %v\n%s", err, out)
		}
		s, err := snap(filepath.Join(work, "public"))
		if got := which(s, err, f.public); got != "B" {
			t.Errorf("the build after a kill at %v (%d files in the cache, %d empty) gave public/ %s; want exactly B", m, files, empty, got)
		}
		t.Logf("  kill at %-28v %7.1f ms  left %d files in the cache, %d of them empty",
			m, float64(tr.at.Microseconds())/1000, files, empty)
	}
}

// report logs every kill and how many landed in each phase.
func report(t *testing.T, name string, trials []trial) {
	phases := map[string]int{}
	var order []string
	for _, tr := range trials {
		p := tr.phase()
		if phases[p] == 0 {
			order = append(order, p)
		}
		phases[p]++
		pub := ""
		if tr.public != "" {
			pub = " public " + tr.public
		}
		t.Logf("  kill at %-28v %7.1f ms  %s→%s: content %s%s  %s", tr.moment, float64(tr.at.Microseconds())/1000, tr.from, tr.to, tr.content, pub, tr.phase())
	}
	var sum []string
	for _, p := range order {
		sum = append(sum, fmt.Sprintf("%d %s", phases[p], p))
	}
	t.Logf("%s: %d kills, all left complete trees: %s", name, len(trials), strings.Join(sum, "; "))
}

// watcher reports events in one directory (inotify), to kill a process at
// the moment it creates its temporary directory or swaps it in.
type watcher struct {
	file *os.File
	mu   sync.Mutex
	subs map[string][]chan time.Time
	done chan struct{}
}

func watchDir(dir string) (*watcher, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, err
	}
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_MOVED_TO); err != nil {
		unix.Close(fd)
		return nil, err
	}
	w := &watcher{file: os.NewFile(uintptr(fd), "inotify"), subs: map[string][]chan time.Time{}, done: make(chan struct{})}
	go w.loop()
	return w, nil
}

// when returns a channel that gets the time of the first matching event:
// "create PREFIX" for a new directory whose name starts with PREFIX, or
// "swap NAME" for something renamed to NAME.
func (w *watcher) when(event string) <-chan time.Time {
	c := make(chan time.Time, 1)
	w.mu.Lock()
	w.subs[event] = append(w.subs[event], c)
	w.mu.Unlock()
	return c
}

func (w *watcher) loop() {
	defer close(w.done)
	buf := make([]byte, 64<<10)
	for {
		n, err := w.file.Read(buf)
		if err != nil {
			w.mu.Lock()
			for _, cs := range w.subs {
				for _, c := range cs {
					close(c)
				}
			}
			w.subs = nil
			w.mu.Unlock()
			return
		}
		now := time.Now()
		for off := 0; off+unix.SizeofInotifyEvent <= n; {
			ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
			nameBytes := buf[off+unix.SizeofInotifyEvent : off+unix.SizeofInotifyEvent+int(ev.Len)]
			name := string(bytes.TrimRight(nameBytes, "\x00"))
			off += unix.SizeofInotifyEvent + int(ev.Len)
			w.mu.Lock()
			for event, cs := range w.subs {
				kind, arg, _ := strings.Cut(event, " ")
				if (kind == "create" && ev.Mask&unix.IN_CREATE != 0 && strings.HasPrefix(name, arg)) ||
					(kind == "swap" && ev.Mask&unix.IN_MOVED_TO != 0 && name == arg) {
					for _, c := range cs {
						c <- now
						close(c)
					}
					delete(w.subs, event)
				}
			}
			w.mu.Unlock()
		}
	}
}

func (w *watcher) close() {
	w.file.Close()
	<-w.done
}
