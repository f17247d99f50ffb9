package remote_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/remote"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

var now = time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC)

// small are limits a test reaches in a second.
var small = remote.Limits{Records: 250, Pages: 1000, Bytes: 1 << 30, Response: 8 << 20, Time: 20 * time.Second}

// endless answers every list request with a full page of new terms (of
// about a kilobyte each), as a server that never says "that was all".
func endless() (*httptest.Server, *atomic.Int64) {
	var served atomic.Int64
	long := strings.Repeat("langt navn ", 90)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var items []string
		for range 50 {
			n := served.Add(1)
			items = append(items, fmt.Sprintf(`{"id":"tema%011d","navn":"%s%d","slug":"tema-%d"}`, n, long, n, n))
		}
		fmt.Fprintf(w, `{"page":1,"perPage":50,"items":[%s]}`, strings.Join(items, ","))
	}))
	return server, &served
}

func limitError(t *testing.T, err error, want string) {
	t.Helper()
	var limit *remote.LimitError
	if !errors.As(err, &limit) || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v; want a LimitError saying %q", err, want)
	}
}

// TestEndlessServerIsCut: a server that always sends a full page ends the
// fetch at the bound on records, on pages, on bytes or on time, whichever
// comes first, with an error that says which.
func TestEndlessServerIsCut(t *testing.T) {
	server, served := endless()
	defer server.Close()
	_, _, err := remote.LoadWithin(context.Background(), server.URL, now, small)
	limitError(t, err, "mer enn 250 poster")
	if n := served.Load(); n > 400 {
		t.Errorf("the server sent %d records before the fetch stopped; want about 250", n)
	}

	pages := small
	pages.Records, pages.Pages = 1_000_000, 4
	_, _, err = remote.LoadWithin(context.Background(), server.URL, now, pages)
	limitError(t, err, "mer enn 4 sider")

	bytes := small
	bytes.Records, bytes.Bytes = 1_000_000, 1<<20
	_, _, err = remote.LoadWithin(context.Background(), server.URL, now, bytes)
	limitError(t, err, "mer enn 1 MiB til sammen")

	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"items":[`)
		for i := 0; r.Context().Err() == nil; i++ {
			fmt.Fprintf(w, `{"id":"tema%011d","navn":"Tema","slug":"tema-%d"},`, i, i)
			w.(http.Flusher).Flush()
			time.Sleep(100 * time.Millisecond)
		}
	}))
	defer slow.Close()
	timed := small
	timed.Records, timed.Time = 1_000_000, time.Second
	start := time.Now()
	_, _, err = remote.LoadWithin(context.Background(), slow.URL, now, timed)
	limitError(t, err, "tok mer enn 1s")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("a 1 s bound took %v", d)
	}
}

// TestHugeResponseIsCutAsItArrives: a 250 MB answer is read only up to the
// bound on one answer, and never held whole: the heap stays far below
// the size of the answer (it grew by 594 MB when read whole and cut at
// 200 MiB).
func TestHugeResponseIsCutAsItArrives(t *testing.T) {
	var written atomic.Int64
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := strings.Repeat("æ", 32<<10)
		fmt.Fprint(w, `{"items":[{"id":"tema00000000001","navn":"`)
		for written.Load() < 250<<20 {
			n, err := fmt.Fprint(w, chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
		fmt.Fprint(w, `"}]}`)
	}))
	defer server.Close()

	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _, err := remote.Load(context.Background(), server.URL, now)
	close(done)
	limitError(t, err, "større enn 32 MiB")
	if w := written.Load(); w > 64<<20 {
		t.Errorf("the server wrote %d MiB before the fetch stopped; want it stopped near 32 MiB", w>>20)
	}
	// The decoder holds the one value it reads, in a buffer that grows by
	// doubling: a few times the bound, never the answer.
	if grew := int64(peak.Load()) - int64(before.HeapInuse); grew > 4*remote.DefaultLimits.Response {
		t.Errorf("the heap grew by %d MiB reading a 250 MB answer cut at 32 MiB; want under %d MiB", grew>>20, 4*remote.DefaultLimits.Response>>20)
	}
}

// TestRedirectsStayOnTheServer: a redirect to another host or port is an
// error, and the other server is never asked; a redirect within the server
// is followed.
func TestRedirectsStayOnTheServer(t *testing.T) {
	var asked atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		fmt.Fprint(w, `{"items":[]}`)
	}))
	defer other.Close()
	elsewhere := httptest.NewServer(http.RedirectHandler(other.URL+"/api/collections/tema/records", http.StatusFound))
	defer elsewhere.Close()
	_, _, err := remote.LoadWithin(context.Background(), elsewhere.URL, now, small)
	var redirect *remote.RedirectError
	if !errors.As(err, &redirect) || !strings.Contains(err.Error(), "en annen server") {
		t.Errorf("a redirect to another port: %v; want a RedirectError", err)
	}
	if n := asked.Load(); n != 0 {
		t.Errorf("the other server was asked %d times; want never", n)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/ny/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"items":[]}`) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ny"+r.URL.RequestURI(), http.StatusMovedPermanently)
	})
	within := httptest.NewServer(mux)
	defer within.Close()
	if _, _, err := remote.LoadWithin(context.Background(), within.URL, now, small); err != nil {
		t.Errorf("a redirect within the server: %v; want it followed", err)
	}
}

// TestNoRedirectFromHTTPSToHTTP: a real TLS server on this machine,
// trusted through Options.RootCAs, is fetched from, a redirect within it
// is followed, and one to http (on its own host and port, or another) is
// refused without asking: the build never reads an unencrypted answer.
// Without the trust, its certificate is refused.
func TestNoRedirectFromHTTPSToHTTP(t *testing.T) {
	var plainAsked atomic.Int64
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainAsked.Add(1)
		fmt.Fprint(w, `{"items":[]}`)
	}))
	defer plain.Close()
	var target atomic.Value // where the TLS server redirects a list request
	mux := http.NewServeMux()
	mux.HandleFunc("/ny/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `{"items":[]}`) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.Load().(string)+r.URL.RequestURI(), http.StatusFound)
	})
	secure := httptest.NewTLSServer(mux)
	defer secure.Close()
	if !strings.HasPrefix(secure.URL, "https://127.0.0.1:") {
		t.Fatalf("the TLS server is at %s; want https on 127.0.0.1", secure.URL)
	}
	trusted := x509.NewCertPool()
	trusted.AddCert(secure.Certificate())
	opts := remote.Options{Limits: small, RootCAs: trusted}

	target.Store(secure.URL + "/ny")
	if _, _, err := remote.LoadWith(context.Background(), secure.URL, now, opts); err != nil {
		t.Fatalf("a trusted https server redirecting within itself: %v; want it fetched", err)
	}
	for _, to := range []string{"http://" + strings.TrimPrefix(secure.URL, "https://"), plain.URL} {
		target.Store(to)
		_, _, err := remote.LoadWith(context.Background(), secure.URL, now, opts)
		var redirect *remote.RedirectError
		if !errors.As(err, &redirect) || !redirect.Insecure || !strings.Contains(err.Error(), "uten kryptering") {
			t.Errorf("a redirect from https to %s: %v; want a RedirectError from https to http", to, err)
		}
	}
	if n := plainAsked.Load(); n != 0 {
		t.Errorf("the http server was asked %d times; want never", n)
	}

	target.Store(secure.URL + "/ny")
	var unknown *tls.CertificateVerificationError
	if _, _, err := remote.LoadWith(context.Background(), secure.URL, now, remote.Options{Limits: small}); !errors.As(err, &unknown) {
		t.Errorf("an https server whose certificate the system does not trust: %v; want a certificate error", err)
	}
}

// TestTermsFromAnOlderServer: a server from before terms had a status
// sends its terms without one; they are public all the same.
func TestTermsFromAnOlderServer(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/collections/tema/records" && r.URL.Query().Get("page") == "1" {
			fmt.Fprint(w, `{"items":[{"id":"gammelttema0001","navn":"Gammelt tema","slug":"gammelt-tema"}]}`)
			return
		}
		fmt.Fprint(w, `{"items":[]}`)
	}))
	defer server.Close()
	tree, _, err := remote.LoadWithin(context.Background(), server.URL, now, small)
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.Terms) != 1 || tree.Terms[0].Slug != "gammelt-tema" || tree.Terms[0].Draft {
		t.Errorf("terms %+v; want the one the server sent, published", tree.Terms)
	}
}

func TestOnlyHTTPSExceptToThisMachine(t *testing.T) {
	for _, base := range []string{"http://example.org", "http://10.0.0.1:8090", "ftp://127.0.0.1", "example.org"} {
		if _, _, err := remote.Load(context.Background(), base, now); err == nil || !strings.Contains(err.Error(), base) {
			t.Errorf("--from %s: %v; want it refused", base, err)
		}
	}
	if _, _, err := remote.Load(context.Background(), "http://example.org", now); err == nil || !strings.Contains(err.Error(), "https") {
		t.Errorf("--from http://example.org: %v; want it told to use https", err)
	}
}

// served is a real SSU server's API, with one published project whose
// image the file route fails to send, and another without one.
func served(t *testing.T) *httptest.Server {
	app := pbtest.NewApp(t)
	coll, err := app.FindCollectionByNameOrId(schema.Projects)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ slug string }{{"med-bilde"}, {"uten-bilde"}} {
		r := core.NewRecord(coll)
		r.Set(schema.FieldTitle, "Prosjekt "+p.slug)
		r.Set(schema.FieldSlug, p.slug)
		r.Set(schema.FieldYear, 2026)
		r.Set(schema.FieldStatus, schema.StatusPublished)
		if p.slug == "med-bilde" {
			img, err := filesystem.NewFileFromBytes(contenttest.PNG(40, 20), "bilde.png")
			if err != nil {
				t.Fatal(err)
			}
			r.Set(schema.FieldImage, img)
			r.Set(schema.FieldImageAlt, "Et bilde")
		}
		if err := app.Save(r); err != nil {
			t.Fatal(err)
		}
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	mux, err := router.BuildMux()
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/files/") {
			http.Error(w, "lagringen svarer ikke", http.StatusInternalServerError)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(server.Close)
	return server
}

// TestFileThatFailsLeavesOutOnlyItsPage: a file the server fails to send
// leaves out the page that needs it, named in the problems, and the rest
// is built.
func TestFileThatFailsLeavesOutOnlyItsPage(t *testing.T) {
	tree, problems, err := remote.Load(context.Background(), served(t).URL, now)
	if err != nil {
		t.Fatalf("a failed file stopped the fetch: %v", err)
	}
	var slugs []string
	for _, p := range tree.Projects {
		slugs = append(slugs, p.Slug)
	}
	if len(slugs) != 1 || slugs[0] != "uten-bilde" {
		t.Errorf("projects %v; want only uten-bilde", slugs)
	}
	if len(problems) != 1 || !problems[0].LeftOut || !strings.Contains(problems[0].URL, "med-bilde") {
		t.Errorf("problems %v; want med-bilde left out", problems)
	}
}

// TestKilledFetchLeavesNothingBehind: a build killed while it fetches
// leaves its local copy in the temporary directory; the next build
// removes it.
func TestKilledFetchLeavesNothingBehind(t *testing.T) {
	if base := os.Getenv("REMOTE_HELPER_FROM"); base != "" {
		remote.Load(context.Background(), base, now)
		return
	}
	hang := make(chan struct{})
	asked := make(chan struct{}, 1)
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer server.Close()
	defer close(hang)
	tmp := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledFetchLeavesNothingBehind$")
	cmd.Env = append(os.Environ(), "REMOTE_HELPER_FROM="+server.URL, "TMPDIR="+tmp)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the helper never asked the server")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	left, _ := os.ReadDir(tmp)
	if len(left) == 0 {
		t.Fatal("the killed build left nothing; the test proves nothing")
	}

	t.Setenv("TMPDIR", tmp)
	failing := httptest.NewServer(http.NotFoundHandler())
	defer failing.Close()
	if _, _, err := remote.Load(context.Background(), failing.URL, now); err == nil {
		t.Fatal("a fetch from a server that answers 404: no error")
	}
	if after, _ := os.ReadDir(tmp); len(after) != 0 {
		t.Errorf("%s left by the killed build is still there after the next", filepath.Join(tmp, after[0].Name()))
	}
}
