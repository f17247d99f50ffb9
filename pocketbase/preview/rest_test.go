package preview_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// editorClient signs the editor in to the preview served by srv and
// returns a request maker that carries the session.
func editorClient(t *testing.T, app core.App, srv *httptest.Server) func(ctx context.Context, path string) *http.Response {
	cookie, _ := session(t, app)
	return func(ctx context.Context, path string) *http.Response {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.AddCookie(cookie)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
}

// events reads an open page's event stream: each build's version it is
// told to reload for.
func events(res *http.Response) <-chan string {
	ch := make(chan string, 16)
	go func() {
		defer close(ch)
		lines := bufio.NewScanner(res.Body)
		for lines.Scan() {
			if v, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				ch <- v
			}
		}
	}()
	return ch
}

// received is what ch got until it has been quiet for a moment.
func received(ch <-chan string) []string {
	var got []string
	for {
		select {
		case v := <-ch:
			got = append(got, v)
		case <-time.After(300 * time.Millisecond):
			return got
		}
	}
}

func retitle(t *testing.T, app core.App, slug, title string) {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(schema.Projects, "slug = {:slug}", map[string]any{"slug": slug})
	if err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldTitle, title)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

// TestPreviewRestsWhenNobodyLooks: ten minutes after an editor last
// looked, the preview rests and builds nothing; the next request waits for
// a build of what changed meanwhile and shows it. An open page keeps it
// awake; after an edit an open page is told to reload once, when it is
// built (first), and a page that does not say which it is when the rest of
// the site is.
func TestPreviewRestsWhenNobodyLooks(t *testing.T) {
	app, p, clock := newApp(t)
	srv := httptest.NewServer(pbtest.Handler(t, app))
	defer srv.Close()
	get := editorClient(t, app, srv)
	page := filepath.Join(app.DataDir(), "forhandsvisning", "public", "prosjekter", "fact-ung", "index.html")

	clock.Advance(11 * time.Minute)
	if p.Awake() {
		t.Fatal("awake 11 minutes after an editor last looked")
	}
	retitle(t, app, "fact-ung", "Tittel lagret mens forhåndsvisningen hvilte")
	clock.Advance(time.Minute)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(page); strings.Contains(string(data), "Tittel lagret mens") {
		t.Fatal("the resting preview built an edit")
	}
	res := get(context.Background(), "/forhandsvisning/prosjekter/fact-ung/")
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "Tittel lagret mens forhåndsvisningen hvilte") {
		t.Fatalf("the first request after the rest: status %d, without the title saved meanwhile", res.StatusCode)
	}
	if !p.Awake() {
		t.Fatal("not awake after a request")
	}

	// Two open pages: the edited project, and one that does not say
	// which page it is.
	ctx, cancel := context.WithCancel(context.Background())
	open := events(get(ctx, "/forhandsvisning/_hendelser?side=/forhandsvisning/prosjekter/fact-ung/"))
	other := events(get(ctx, "/forhandsvisning/_hendelser"))
	if got := received(open); len(got) != 1 {
		t.Fatalf("the stream began with %v; want the current version", got)
	}
	received(other)
	clock.Advance(11 * time.Minute)
	if !p.Awake() {
		t.Fatal("rested while an editor had a page open")
	}
	retitle(t, app, "fact-ung", "Tittel lagret med siden åpen")
	clock.Advance(time.Minute)
	if err := p.Wait(); err != nil {
		t.Fatal(err)
	}
	final := strconv.FormatInt(p.Version(), 10)
	if got := received(open); len(got) != 1 || got[0] == final {
		t.Errorf("the open edited page was told %v; want one version before the last (%s): it reloads when its page is built", got, final)
	}
	if got := received(other); len(got) == 0 || got[len(got)-1] != final {
		t.Errorf("a page that does not say which it is was told %v; want the last version (%s) last: it reloads when the rest is built", got, final)
	}
	if data, _ := os.ReadFile(page); !strings.Contains(string(data), "Tittel lagret med siden åpen") {
		t.Error("the awake preview did not build the edit")
	}

	// The pages close: ten minutes later it rests again.
	cancel()
	for deadline := time.Now().Add(5 * time.Second); p.Awake(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("still awake ten minutes after the last page closed")
		}
		clock.Advance(11 * time.Minute)
	}
}
