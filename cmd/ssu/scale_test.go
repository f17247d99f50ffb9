package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser/browsertest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/synth"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// The archive sizes the scale benchmarks measure: the seed content, and the
// synthetic archives of about 1,000 and 10,000 pages.
func benchSizes() []synth.Size {
	return append([]synth.Size{{Name: "seed"}}, synth.Sizes...)
}

// archive is a data directory with an archive imported, and the content
// directory an export of it has written (as after any earlier build).
type archive struct{ data, content string }

func prepareArchive(b *testing.B, size synth.Size) archive {
	b.Helper()
	dir := b.TempDir()
	a := archive{data: filepath.Join(dir, "pb_data"), content: filepath.Join(dir, "content")}
	if size.Years == 0 {
		benchRun(b, "import", "--dir", a.data, "--content", seedContent)
	} else {
		benchRun(b, "generate", "--years", strconv.Itoa(size.Years), "--dir", a.data, "--content", a.content)
	}
	benchRun(b, "export", "--dir", a.data, "--content", a.content)
	return a
}

func benchRun(b *testing.B, args ...string) {
	b.Helper()
	if out, err := exec.Command(ssu, args...).CombinedOutput(); err != nil {
		b.Fatalf("ssu %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// measure runs cmd and returns its wall time and peak resident memory.
func measure(b *testing.B, cmd *exec.Cmd) (time.Duration, int64) {
	b.Helper()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	elapsed := time.Since(start)
	maxRSS := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss * 1024 // KiB on Linux
	return elapsed, maxRSS
}

// hugoCommand builds the hugo CLI at the version in go.mod, once per
// machine (GOBIN in the user cache), the same as
// go run github.com/gohugoio/hugo@<version>.
func hugoCommand(b *testing.B) string {
	b.Helper()
	if path := os.Getenv("SSU_BENCH_HUGO"); path != "" {
		return path
	}
	version, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "github.com/gohugoio/hugo").Output()
	if err != nil {
		b.Fatalf("find Hugo's version in go.mod: %v", err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		b.Fatal(err)
	}
	bin := filepath.Join(cache, "ssu-bench", "hugo-"+strings.TrimSpace(string(version)))
	if _, err := os.Stat(filepath.Join(bin, "hugo")); err == nil {
		return filepath.Join(bin, "hugo")
	}
	install := exec.Command("go", "install", "github.com/gohugoio/hugo@"+strings.TrimSpace(string(version)))
	install.Dir = os.TempDir() // outside this module: Hugo's own go.mod decides
	install.Env = append(os.Environ(), "GOBIN="+bin)
	if out, err := install.CombinedOutput(); err != nil {
		b.Fatalf("go install hugo: %v\n%s", err, out)
	}
	return filepath.Join(bin, "hugo")
}

// BenchmarkBuild measures a full `ssu build` from the database (export,
// Hugo, the output swapped in) at each size, and the plain hugo CLI on the
// same exported content as the yardstick. Each iteration runs both, one
// after the other, so that a slow moment of the machine hits both. Both
// write into a directory that holds an earlier build, as they do on a
// server that rebuilds. Reported: seconds of each, their ratio and the
// peak memory of each process.
func BenchmarkBuild(b *testing.B) {
	hugo := hugoCommand(b)
	siteDir, err := filepath.Abs(filepath.Join("..", "..", "site"))
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes() {
		b.Run(size.Name, func(b *testing.B) {
			a := prepareArchive(b, size)
			tmp := b.TempDir()
			// cli.toml mounts ../content; here the archive is mounted instead.
			mounts := filepath.Join(tmp, "mounts.toml")
			config := fmt.Sprintf("[[module.mounts]]\nsource = %q\ntarget = \"content\"\n[[module.mounts]]\nsource = %q\ntarget = \"content\"\n",
				a.content, filepath.Join(siteDir, "pages"))
			if err := os.WriteFile(mounts, []byte(config), 0o644); err != nil {
				b.Fatal(err)
			}
			ssuBuild := func() *exec.Cmd {
				return exec.Command(ssu, "build", "--dir", a.data, "--content", a.content, "--out", filepath.Join(tmp, "public"))
			}
			hugoBuild := func() *exec.Cmd {
				cmd := exec.Command(hugo, "--source", siteDir, "--config", "hugo.toml,"+mounts,
					"--destination", filepath.Join(tmp, "hugo-public"), "--cacheDir", filepath.Join(tmp, "hugo-cache"), "--quiet", "--noBuildLock")
				cmd.Env = append(os.Environ(), "HUGO_RESOURCEDIR="+filepath.Join(tmp, "hugo-resources"))
				return cmd
			}
			// Two builds first: images resized and cached, and the tree the
			// next build reuses in place.
			for range 2 {
				measure(b, ssuBuild())
				measure(b, hugoBuild())
			}
			var ssuTime, hugoTime time.Duration
			var ssuRSS, hugoRSS int64
			for b.Loop() {
				t, rss := measure(b, ssuBuild())
				ssuTime += t
				ssuRSS = max(ssuRSS, rss)
				t, rss = measure(b, hugoBuild())
				hugoTime += t
				hugoRSS = max(hugoRSS, rss)
			}
			n := float64(b.N)
			b.ReportMetric(ssuTime.Seconds()/n, "ssu-s")
			b.ReportMetric(hugoTime.Seconds()/n, "hugo-s")
			b.ReportMetric(ssuTime.Seconds()/hugoTime.Seconds(), "ssu/hugo")
			b.ReportMetric(float64(ssuRSS)/(1<<20), "ssu-peak-MiB")
			b.ReportMetric(float64(hugoRSS)/(1<<20), "hugo-peak-MiB")
			b.ReportMetric(float64(countPages(b, filepath.Join(tmp, "public"))), "pages")
		})
	}
}

// countPages counts the HTML pages of a built site.
func countPages(b *testing.B, dir string) int {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkSearch builds each size with the Pagefind index and measures
// the index on disk, and what a visitor's first search transfers: every
// request Chromium makes under /pagefind/ while the search page runs one
// query and shows its first 20 results. The files are served as they are,
// without the compression Netlify adds to JavaScript and JSON.
func BenchmarkSearch(b *testing.B) {
	node, chromium, root := browsertest.Tools(b)
	// Pagefind indexes the builds.
	if err := site.SearchInstalled(); err != nil {
		b.Skip(err)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "first-query.cjs"))
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes() {
		b.Run(size.Name, func(b *testing.B) {
			a := prepareArchive(b, size)
			public := filepath.Join(b.TempDir(), "public")
			var indexTime time.Duration
			for b.Loop() {
				t, _ := measure(b, exec.Command(ssu, "build", "--search", "--dir", a.data, "--content", a.content, "--out", public, "--baseURL", "/"))
				indexTime += t
			}
			b.ReportMetric(indexTime.Seconds()/float64(b.N), "build-s")
			b.ReportMetric(float64(dirSize(b, filepath.Join(public, "pagefind")))/1024, "index-KiB")

			// "samhandling" is in every synthetic page and in the seed's.
			transfer := firstQuery(b, node, chromium, script, root, public, "samhandling")
			b.ReportMetric(float64(transfer.Pagefind)/1024, "first-query-KiB")
			b.ReportMetric(float64(transfer.Requests), "first-query-requests")
			if transfer.Results == 0 {
				b.Fatal("the first query showed no results")
			}
		})
	}
}

func dirSize(b *testing.B, dir string) int64 {
	var size int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return size
}

type queryTransfer struct {
	Pagefind int64 // bytes of the responses under /pagefind/
	Requests int   // how many of them
	Results  int   // results shown
}

// firstQuery serves the site on 127.0.0.1 and has Chromium open the search
// page with the query, as a visitor's first search.
func firstQuery(b *testing.B, node, chromium, script, root, public, query string) queryTransfer {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(public))}
	go srv.Serve(ln)
	defer srv.Close()

	input, _ := json.Marshal(map[string]any{
		"root":     root,
		"chromium": chromium,
		"url":      "http://" + ln.Addr().String() + "/sok/?q=" + query,
	})
	cmd := exec.Command(node, script)
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		b.Fatalf("first query in Chromium: %v\n%s", err, stderr)
	}
	var t queryTransfer
	if err := json.Unmarshal(out, &t); err != nil {
		b.Fatalf("first query: %v\n%s", err, out)
	}
	return t
}
