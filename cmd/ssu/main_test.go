package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// ssu is the binary under test, built once by TestMain.
var ssu string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ssu-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ssu = filepath.Join(dir, "ssu")
	if out, err := exec.Command("go", "build", "-o", ssu, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build ssu: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// seedContent is the frozen seed content, which the tests import, build
// and compare with; never the repository's content/, which publications
// change.
var seedContent = contenttest.SeedDir()

// sameAsSeed requires dir to hold exactly the seed content, byte for byte.
func sameAsSeed(t *testing.T, dir, what string) {
	t.Helper()
	got, err := atomicdir.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := atomicdir.ReadFiles(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	if missing, differ, extra := contenttest.Diff(got, want); len(missing)+len(differ)+len(extra) > 0 {
		t.Errorf("%s differs from the seed content: missing %q, different %q, extra %q", what, missing, differ, extra)
	}
}

// run runs ssu with args and returns its combined output and error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(ssu, args...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := run(t, args...)
	if err != nil {
		t.Fatalf("ssu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestImportExportBuild(t *testing.T) {
	data := t.TempDir()
	out := mustRun(t, "import", "--dir", data, "--content", seedContent)
	if !strings.Contains(out, "arsrapporter       opprettet   2") {
		t.Errorf("first import did not report creating both reports:\n%s", out)
	}

	out = mustRun(t, "import", "--dir", data, "--content", seedContent)
	if strings.Contains(out, "opprettet   1") || !strings.Contains(out, "oppdatert   0  uendret   2") {
		t.Errorf("second import changed something:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.Contains(line, "opprettet   0  oppdatert   0") || !strings.HasSuffix(line, "fjernet   0") {
			t.Errorf("second import: %q; want nothing created, updated or removed", line)
		}
	}

	exported := filepath.Join(t.TempDir(), "content")
	mustRun(t, "export", "--dir", data, "--content", exported)
	sameAsSeed(t, exported, "ssu export after ssu import")

	public := filepath.Join(t.TempDir(), "public")
	out = mustRun(t, "build", "--dir", data, "--content", exported, "--out", public)
	if !strings.Contains(out, "Bygde") {
		t.Errorf("build output: %s", out)
	}
	for _, page := range []string{"index.html", "arsrapporter/2024/index.html", "arsrapporter/2025/index.html", "prosjekter/fact-ung/index.html", "partnerskapsmoter/2026/index.html", "404.html", "sitemap.xml", "favicon.svg"} {
		if _, err := os.Stat(filepath.Join(public, page)); err != nil {
			t.Errorf("built site lacks %s: %v", page, err)
		}
	}
}

// TestBuildWithoutDatabaseContent builds straight from the content tree, as
// Netlify does on a fresh machine.
func TestBuildWithoutDatabaseContent(t *testing.T) {
	public := filepath.Join(t.TempDir(), "public")
	out := mustRun(t, "build", "--dir", t.TempDir(), "--content", seedContent, "--out", public)
	if !strings.Contains(out, "Databasen er tom") {
		t.Errorf("build did not say it built from the content tree:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(public, "arsrapporter", "2025", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestImportOfBrokenFileStopsAndStoresNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	files, err := atomicdir.ReadFiles(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	files["prosjekter/fact-ung.md"] = bytes.Replace(files["prosjekter/fact-ung.md"], []byte("aar = 2025"), []byte("aar = 2025\nfarge = \"blå\""), 1)
	if _, err := atomicdir.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	out, err := run(t, "import", "--dir", data, "--content", dir)
	if err == nil {
		t.Fatalf("import of a broken file exited 0:\n%s", out)
	}
	if !strings.Contains(out, "prosjekter/fact-ung.md, linje 5: ukjent felt «farge»") || !strings.Contains(out, "ingenting er lagret") {
		t.Errorf("import error does not name file, line and reason:\n%s", out)
	}
	out = mustRun(t, "export", "--dir", data, "--content", filepath.Join(t.TempDir(), "c"))
	if !strings.Contains(out, "Eksporterte 0 rapporter, 0 prosjekter") {
		t.Errorf("the failed import stored something: %s", out)
	}
}

// server is `ssu serve` running on a free port of 127.0.0.1.
type server struct {
	addr   string
	pid    int
	dir    string // its data directory
	output *syncBuffer
	stop   func()
}

// startServer starts `ssu serve` with an empty data directory and waits
// until the seeded reports answer over the API.
func startServer(t *testing.T, env ...string) server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	ctx, cancel := context.WithCancel(context.Background())
	output := &syncBuffer{}
	dir := t.TempDir()
	cmd := exec.CommandContext(ctx, ssu, "serve", "--http", addr, "--dir", dir, "--content", seedContent)
	cmd.Stdout, cmd.Stderr = output, output
	// The servers of these tests make no report PDFs: each would be a
	// publication more than the tests count (pocketbase/documents tests them).
	cmd.Env = append(append(os.Environ(), "SSU_REPORT_PDF=av"), env...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := server{addr: addr, pid: cmd.Process.Pid, dir: dir, output: output, stop: func() { cancel(); cmd.Wait() }}
	t.Cleanup(s.stop)

	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get("http://" + addr + "/api/collections/arsrapporter/records")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not answer within 30 s: %v\n%s", err, output.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestServeSeedsEmptyDatabase starts the server on 127.0.0.1 with an empty
// data directory and reads both reports back over the REST API.
func TestServeSeedsEmptyDatabase(t *testing.T) {
	s := startServer(t)
	var list struct {
		Items []struct {
			Aar    int    `json:"aar"`
			Tittel string `json:"tittel"`
		} `json:"items"`
	}
	res, err := http.Get("http://" + s.addr + "/api/collections/arsrapporter/records?sort=aar")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(list.Items) != 2 || list.Items[0].Aar != 2024 || list.Items[1].Aar != 2025 {
		t.Errorf("reports over the API: %+v; want 2024 and 2025", list.Items)
	}
	res, err = http.Get("http://" + s.addr + "/_/")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("admin dashboard /_/: %v %v", err, res)
	}
	// The first-superuser help is printed in the background after start.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.output.String(), "superuser upsert") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	for _, want := range []string{"Tom database: importerte innholdet", "Ingen superbruker ennå", "superuser upsert EPOST PASSORD"} {
		if !strings.Contains(s.output.String(), want) {
			t.Errorf("serve output lacks %q:\n%s", want, s.output.String())
		}
	}
}

// TestBuildFromServer builds as Netlify does, from a running server over
// its public API: the content tree is byte for byte the seed.
func TestBuildFromServer(t *testing.T) {
	s := startServer(t)
	contentDir := filepath.Join(t.TempDir(), "content")
	public := filepath.Join(t.TempDir(), "public")
	out := mustRun(t, "build", "--from", "http://"+s.addr, "--dir", t.TempDir(), "--content", contentDir, "--out", public)
	if !strings.Contains(out, "Hentet 2 rapporter og 11 prosjekter") {
		t.Errorf("build --from output: %s", out)
	}
	sameAsSeed(t, contentDir, "content fetched with --from")
	if _, err := os.Stat(filepath.Join(public, "arsrapporter", "2025", "index.html")); err != nil {
		t.Error(err)
	}

	if out, err := run(t, "build", "--from", "http://127.0.0.1:1", "--dir", t.TempDir(), "--content", contentDir, "--out", public); err == nil || !strings.Contains(out, "kunne ikke hente innholdet fra http://127.0.0.1:1") {
		t.Errorf("build --from an address that does not answer: %v\n%s", err, out)
	}
}

// syncBuffer is written by the server process's output copier while the
// test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
