package main_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestLoad: 50 editors make 2,000 writes against a server on 127.0.0.1
// while the preview rebuilds. No write that should succeed may fail, and
// none may be lost: each is in the database and in the final export. It
// reports p50 and p99 write latency and the server's peak memory. It runs
// when SSU_LOAD_TEST=1 (CI sets it); it takes about fifteen seconds.
func TestLoad(t *testing.T) {
	if os.Getenv("SSU_LOAD_TEST") != "1" {
		t.Skip("set SSU_LOAD_TEST=1 to run the load test")
	}
	const editors, writes = 50, 2000
	s := startServer(t, "SSU_FIRE_OYNE=av") // the load publishes by saving
	mustRun(t, "superuser", "upsert", "redaktor@example.org", "Et-langt-passord-2026", "--dir", s.dir)
	ed := editor{t: t, base: "http://" + s.addr}
	var auth struct{ Token string }
	if code := ed.call("POST", "/api/collections/_superusers/auth-with-password", map[string]string{"identity": "redaktor@example.org", "password": "Et-langt-passord-2026"}, &auth); code != 200 {
		t.Fatalf("sign-in: %d", code)
	}
	ed.token = auth.Token
	// An editor has the preview open, so that it rebuilds under the load.
	closePreview := openPreview(t, s.addr)
	defer closePreview()

	// Each editor creates projects and edits them: writes/editors writes
	// each, one create to every three edits. The final text of each project
	// is known, so nothing can be lost unseen.
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
		final     = map[string]string{} // slug → last text written
	)
	var wg sync.WaitGroup
	start := time.Now()
	for e := range editors {
		wg.Go(func() {
			var id, slug string
			for w := range writes / editors {
				body := map[string]any{"tekst": fmt.Sprintf("Redaktør %d, skriving %d.", e, w)}
				method, path := "PATCH", "/api/collections/prosjekter/records/"+id
				if w%4 == 0 {
					slug = fmt.Sprintf("last-%d-%d", e, w)
					body["tittel"], body["slug"], body["aar"], body["status"] = "Lastprosjekt "+slug, slug, 2026, "publisert"
					method, path = "POST", "/api/collections/prosjekter/records"
				}
				var out struct{ ID string }
				t0 := time.Now()
				code := ed.call(method, path, body, &out)
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				if code != 200 {
					failures = append(failures, fmt.Sprintf("%s %s: %d", method, path, code))
				} else {
					final[slug] = body["tekst"].(string)
				}
				mu.Unlock()
				if method == "POST" {
					id = out.ID
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	if len(failures) > 0 {
		t.Errorf("%d of %d writes failed; first: %s", len(failures), writes, failures[0])
	}
	if len(latencies) != writes {
		t.Fatalf("%d writes made; want %d", len(latencies), writes)
	}

	// Every project is in the database with its last text...
	stored := map[string]string{}
	for page := 1; ; page++ {
		var list struct {
			Items []struct{ Slug, Tekst string }
		}
		ed.call("GET", fmt.Sprintf("/api/collections/prosjekter/records?perPage=500&page=%d&filter=%s", page, "(slug~'last-')"), nil, &list)
		for _, p := range list.Items {
			stored[p.Slug] = strings.TrimSpace(p.Tekst)
		}
		if len(list.Items) < 500 {
			break
		}
	}
	// ...and in the final export.
	files := publicFiles(t, s.addr)
	for slug, text := range final {
		if stored[slug] != text {
			t.Errorf("%s: stored text %q; want the last one written, %q", slug, stored[slug], text)
		}
		if !strings.Contains(files, "/prosjekter/"+slug+".md") {
			t.Errorf("%s is not in the export", slug)
		}
	}

	slices.Sort(latencies)
	pct := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
	t.Logf("load: %d writes by %d editors in %s (%.0f writes/s); latency p50 %s, p99 %s; server peak memory %s; preview builds %s",
		writes, editors, elapsed.Round(time.Millisecond), float64(writes)/elapsed.Seconds(),
		pct(0.50).Round(time.Millisecond), pct(0.99).Round(time.Millisecond), peakMemory(t, s.pid), previewBuilds(t, s))
}

// peakMemory reads the server process's peak resident memory (Linux).
func peakMemory(t *testing.T, pid int) string {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		return "unknown"
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return fmt.Sprintf("%.0f MB", float64(kb)/1024)
}

// previewBuilds reads the preview's build count from its overview page.
func previewBuilds(t *testing.T, s server) string {
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm("http://"+s.addr+"/forhandsvisning/logg-inn", url.Values{
		"epost": {"redaktor@example.org"}, "passord": {"Et-langt-passord-2026"}, "neste": {"/forhandsvisning/_oversikt"},
	})
	if err != nil {
		return "unknown"
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	m := regexp.MustCompile(`bygget (\d+) ganger`).FindSubmatch(page)
	if m == nil {
		t.Errorf("the preview overview shows no build count")
		return "unknown"
	}
	return string(m[1])
}
