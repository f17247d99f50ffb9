package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// editor talks to the server's REST API as a signed-in superuser.
type editor struct {
	t     *testing.T
	base  string
	token string
}

func (e editor) call(method, path string, body any, out any) int {
	e.t.Helper()
	var reader io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.base+path, reader)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if e.token != "" {
		req.Header.Set("Authorization", e.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil {
		// An error answer is decoded too, for its messages.
		if err := json.Unmarshal(data, out); err != nil && res.StatusCode/100 == 2 {
			e.t.Fatalf("%s %s: %v\n%s", method, path, err, data)
		}
	}
	if res.StatusCode/100 != 2 {
		e.t.Logf("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	return res.StatusCode
}

// signIn makes the editor on the server s and signs in over the API.
func signIn(t *testing.T, s server) editor { return signInAs(t, s, "redaktor@example.org") }

// signInAs makes the editor with email on the server s and signs in.
func signInAs(t *testing.T, s server, email string) editor {
	t.Helper()
	mustRun(t, "superuser", "upsert", email, "Et-langt-passord-2026", "--dir", s.dir)
	ed := editor{t: t, base: "http://" + s.addr}
	var auth struct{ Token string }
	if code := ed.call("POST", "/api/collections/_superusers/auth-with-password", map[string]string{"identity": email, "password": "Et-langt-passord-2026"}, &auth); code != 200 {
		t.Fatalf("sign-in: %d", code)
	}
	ed.token = auth.Token
	return ed
}

// eventually polls cond every 50 ms until it holds or the time is up.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// publication is an entry of the server's publication log.
type publication struct {
	Status string `json:"status"`
	Aarsak string `json:"aarsak"`
}

// publications is the server's publication log, newest first.
func (e editor) publications() []publication {
	e.t.Helper()
	var list struct{ Items []publication }
	if code := e.call("GET", "/api/collections/publiseringer/records?sort=-created,-id&perPage=500", nil, &list); code != 200 {
		e.t.Fatalf("publication log: %d", code)
	}
	return list.Items
}

// sent waits until the log has n publications, all sent.
func (e editor) sent(n int, what string) []publication {
	e.t.Helper()
	var log []publication
	eventually(e.t, 10*time.Second, what, func() bool {
		log = e.publications()
		return len(log) >= n && !slices.ContainsFunc(log, func(p publication) bool { return p.Status != "sendt" })
	})
	if len(log) != n {
		e.t.Fatalf("%s: %d publications; want %d: %+v", what, len(log), n, log)
	}
	return log
}

// publicFiles builds from the server's public API, as Netlify does, and
// returns the content tree's file names.
func publicFiles(t *testing.T, addr string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	mustRun(t, "build", "--from", "http://"+addr, "--dir", t.TempDir(), "--content", dir, "--out", filepath.Join(t.TempDir(), "public"))
	var names []string
	filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		names = append(names, strings.TrimPrefix(p, dir))
		return err
	})
	return strings.Join(names, "\n")
}

// TestEditingEndToEnd drives the real server over HTTP on 127.0.0.1, as an
// editor's browser and Netlify would: a draft, the preview, publishing and
// the build hook, editing and restoring, and scheduled publishing.
func TestEditingEndToEnd(t *testing.T) {
	var hookPosts atomic.Int32
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			hookPosts.Add(1)
		}
	}))
	defer hook.Close()

	// A team of one editor (no four eyes): TestSafePublishingEndToEnd
	// walks the approval.
	s := startServer(t, "SSU_NETLIFY_BUILD_HOOK="+hook.URL, "SSU_NETLIFY_QUIET=500ms", "SSU_FIRE_OYNE=av")
	base := "http://" + s.addr
	// 1. A superuser signs in and creates a draft project.
	ed := signIn(t, s)

	// The server speaks Norwegian when it refuses a save.
	var refused struct {
		Message string `json:"message"`
		Data    map[string]struct {
			Message string `json:"message"`
		} `json:"data"`
	}
	if code := ed.call("POST", "/api/collections/prosjekter/records", map[string]any{"tittel": "Uten år", "status": "utkast"}, &refused); code != 400 ||
		refused.Data["aar"].Message != "Feltet må fylles ut." || !strings.HasPrefix(refused.Message, "Posten ble ikke lagret") {
		t.Errorf("a project without a year: %d %+v; want 400 with Norwegian messages", code, refused)
	}

	// Two editors on one record: the save based on the older version is
	// refused, saying who changed it.
	var shared struct {
		ID      string `json:"id"`
		Updated string `json:"updated"`
	}
	if code := ed.call("POST", "/api/collections/prosjekter/records", map[string]any{"tittel": "Delt prosjekt", "aar": 2026, "status": "utkast"}, &shared); code != 200 {
		t.Fatalf("create the shared draft: %d", code)
	}
	if code := ed.call("PATCH", "/api/collections/prosjekter/records/"+shared.ID, map[string]any{"tekst": "Først.", "updated": shared.Updated}, nil); code != 200 {
		t.Errorf("save on the current version: %d; want 200", code)
	}
	var conflict struct {
		Message string `json:"message"`
	}
	if code := ed.call("PATCH", "/api/collections/prosjekter/records/"+shared.ID, map[string]any{"tekst": "Sist.", "updated": shared.Updated}, &conflict); code != http.StatusConflict ||
		!strings.Contains(conflict.Message, "redaktor@example.org endret denne posten") {
		t.Errorf("save on the older version: %d %q; want 409 saying who changed it", code, conflict.Message)
	}

	var project struct {
		ID   string `json:"id"`
		Slug string `json:"slug"`
	}
	if code := ed.call("POST", "/api/collections/prosjekter/records", map[string]any{
		"tittel": "Ende-til-ende-prosjektet", "aar": 2026, "tekst": "Første tekst.", "status": "utkast",
	}, &project); code != 200 {
		t.Fatalf("create draft: %d", code)
	}
	page := "/forhandsvisning/prosjekter/" + project.Slug + "/"

	// The preview shows it to the signed-in editor...
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm(base+"/forhandsvisning/logg-inn", url.Values{"epost": {"redaktor@example.org"}, "passord": {"Et-langt-passord-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	eventually(t, 10*time.Second, "the draft in the preview", func() bool {
		res, err := browser.Get(base + page)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode == 200 && strings.Contains(string(body), "Ende-til-ende-prosjektet")
	})
	// ...but not to anyone else,
	res, err = http.Get(base + page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || strings.Contains(string(body), "Ende-til-ende-prosjektet") {
		t.Errorf("unauthenticated preview request: %d, draft shown: %v", res.StatusCode, strings.Contains(string(body), "Ende-til-ende-prosjektet"))
	}
	// ...and the public export does not contain it.
	if files := publicFiles(t, s.addr); strings.Contains(files, project.Slug) {
		t.Errorf("the public export contains the draft:\n%s", files)
	}
	// The seeding's own publication, before the editor's.
	ed.sent(1, "the seeding published")
	before := hookPosts.Load()

	// 2. The project is published: the export has it, Netlify gets one POST.
	if code := ed.call("PATCH", "/api/collections/prosjekter/records/"+project.ID, map[string]any{"status": "publisert"}, nil); code != 200 {
		t.Fatalf("publish: %d", code)
	}
	log := ed.sent(2, "the publication sent")
	if want := "prosjekter «Ende-til-ende-prosjektet» endret"; log[0].Aarsak != want {
		t.Errorf("the publication's reason is %q; want %q", log[0].Aarsak, want)
	}
	if got := hookPosts.Load() - before; got != 1 {
		t.Errorf("the build hook got %d POSTs for one publication; want 1", got)
	}
	if files := publicFiles(t, s.addr); !strings.Contains(files, "/prosjekter/"+project.Slug+".md") {
		t.Errorf("the public export lacks the published project:\n%s", files)
	}

	// 3. The project is edited: the history has both versions, and a
	// restore brings the first text back.
	if code := ed.call("PATCH", "/api/collections/prosjekter/records/"+project.ID, map[string]any{"tekst": "Andre tekst."}, nil); code != 200 {
		t.Fatalf("edit: %d", code)
	}
	var history struct {
		Items []struct {
			ID       string         `json:"id"`
			Handling string         `json:"handling"`
			Bruker   string         `json:"bruker"`
			Etter    map[string]any `json:"etter"`
		} `json:"items"`
	}
	ed.call("GET", "/api/collections/historikk/records?sort=created&filter="+url.QueryEscape(fmt.Sprintf("post='%s'", project.ID)), nil, &history)
	texts := map[string]string{}
	for _, h := range history.Items {
		texts[fmt.Sprint(h.Etter["tekst"])] = h.ID
		if h.Bruker != "redaktor@example.org" {
			t.Errorf("history entry %s is by %q; want the editor", h.Handling, h.Bruker)
		}
	}
	first, ok := texts["Første tekst.\n"]
	if _, second := texts["Andre tekst.\n"]; !ok || !second {
		t.Fatalf("history lacks a version; versions: %v", texts)
	}
	if code := ed.call("POST", "/api/ssu/historikk/"+first+"/gjenopprett", nil, nil); code != 200 {
		t.Fatalf("restore: %d", code)
	}
	var restored struct{ Tekst string }
	ed.call("GET", "/api/collections/prosjekter/records/"+project.ID, nil, &restored)
	if restored.Tekst != "Første tekst.\n" {
		t.Errorf("after restore the text is %q; want the first text", restored.Tekst)
	}

	// 4. A draft with publiser_fra a moment ahead is published on time.
	at := time.Now().Add(2 * time.Second).UTC()
	var scheduled struct {
		ID string `json:"id"`
	}
	if code := ed.call("POST", "/api/collections/prosjekter/records", map[string]any{
		"tittel": "Planlagt prosjekt", "slug": "planlagt-prosjekt", "aar": 2026, "status": "utkast",
		"publiser_fra": at.Format("2006-01-02 15:04:05.000Z"),
	}, &scheduled); code != 200 {
		t.Fatalf("create scheduled draft: %d", code)
	}
	public := editor{t: t, base: base}
	visible := func() bool {
		var list struct{ Items []any }
		public.call("GET", "/api/collections/prosjekter/records?filter="+url.QueryEscape("slug='planlagt-prosjekt'"), nil, &list)
		return len(list.Items) == 1
	}
	if visible() {
		t.Fatal("the scheduled project is public before its time")
	}
	eventually(t, time.Until(at)+3*time.Second, "the scheduled project published", visible)
	if time.Now().Before(at) {
		t.Error("published before publiser_fra")
	}
}
