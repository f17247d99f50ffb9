package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/deploy/netlifytest"
)

const (
	netlifyToken = "nfp_e2e_secret_token"
	netlifySite  = "ssu-e2e"
)

// deployment is what the deploy log says of a publication.
type deployment struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Aarsak     string `json:"aarsak"`
	Svar       string `json:"svar"`
	Utrulling  string `json:"utrulling"`
	Adresse    string `json:"adresse"`
	Filer      int    `json:"filer"`
	Varighet   int    `json:"varighet_ms"`
	TilbakeTil string `json:"tilbake_til"`
}

func (e editor) deployments() []deployment {
	e.t.Helper()
	var list struct{ Items []deployment }
	if code := e.call("GET", "/api/collections/publiseringer/records?sort=-created,-id&perPage=500", nil, &list); code != 200 {
		e.t.Fatalf("publication log: %d", code)
	}
	return list.Items
}

// logged waits until the publication log has a publication that matches
// (the log is written just after a deploy is ready, and a later change,
// such as a report's new PDF, may be logged above it) and returns it.
func (e editor) logged(what string, match func(deployment) bool) deployment {
	e.t.Helper()
	var found deployment
	eventually(e.t, 10*time.Second, what+" in the publication log", func() bool {
		for _, d := range e.deployments() {
			if match(d) {
				found = d
				return true
			}
		}
		return false
	})
	return found
}

// serves says whether the fake Netlify's live site has text at path.
func serves(site, path, text string) bool {
	res, err := http.Get(site + path)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode == http.StatusOK && strings.Contains(string(body), text)
}

// TestDeployEndToEnd runs the real server with direct deploys to a fake
// Netlify on 127.0.0.1: the seeded content is deployed, an edit of one
// section is live on the fake's site soon after the quiet period with only
// the files it changed uploaded, and an editor rolls it back from the
// overview. No secret reaches the log.
func TestDeployEndToEnd(t *testing.T) {
	fake := netlifytest.New(t, netlifyToken, netlifySite)
	const quiet = 300 * time.Millisecond
	// One editor publishes by saving here (SSU_FIRE_OYNE=av); approval by
	// a second editor is walked by TestSafePublishingEndToEnd.
	s := startServer(t, "SSU_NETLIFY_TOKEN="+netlifyToken, "SSU_NETLIFY_SITE="+netlifySite, "SSU_NETLIFY_API="+fake.API,
		"SSU_NETLIFY_QUIET="+quiet.String(), "SSU_SITE_URL="+fake.URL+"/", "SSU_FIRE_OYNE=av")
	ed := signIn(t, s)

	seed, err := content.Read(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	report := seed.Reports[0]
	section := report.Sections[0]
	page := section.Location(report.Year).URL
	eventually(t, 30*time.Second, "the seeded site deployed", func() bool { return serves(fake.URL, page, section.Title) })
	isLive := func(d deployment) bool { return d.Status == "publisert" && d.Utrulling == fake.Live() }
	first := ed.logged("the live deploy", isLive)
	if first.Adresse == "" {
		t.Fatalf("first publication %+v; want the live deploy %s with its address", first, fake.Live())
	}

	var found struct{ Items []struct{ ID string } }
	filter := url.QueryEscape(fmt.Sprintf("slug = '%s' && rapport.aar = %d", section.Slug, report.Year))
	if code := ed.call("GET", "/api/collections/rapportdeler/records?filter="+filter, nil, &found); code != 200 || len(found.Items) != 1 {
		t.Fatalf("section %s: %d, %+v", section.Slug, code, found)
	}
	const edited = "Ny tittel rett ut på nettet"
	saved := time.Now()
	if code := ed.call("PATCH", "/api/collections/rapportdeler/records/"+found.Items[0].ID, map[string]any{"tittel": edited}, nil); code != 200 {
		t.Fatalf("save: %d", code)
	}
	eventually(t, 30*time.Second, "the edit served by the fake Netlify", func() bool { return serves(fake.URL, page, edited) })
	took := time.Since(saved)
	second := ed.logged("the edit's deploy", isLive)
	if second.Filer == 0 || second.Filer > 20 {
		t.Errorf("the edit's publication %+v; want live with 1 to 20 files uploaded", second)
	}
	t.Logf("save → new page served by the fake Netlify: %s (%s after the quiet period); %d files uploaded; deploy took %d ms; server peak memory %s",
		took.Round(time.Millisecond), (took - quiet).Round(time.Millisecond), second.Filer, second.Varighet, peakMemory(t, s.pid))

	// The edit is a commit in the content archive, by the editor.
	eventually(t, 30*time.Second, "the edit in the content archive", func() bool {
		c := archiveHead(t, filepath.Join(s.dir, "arkiv.git"))
		return c != nil && c.Author.Email == "redaktor@example.org" && strings.Contains(c.Message, edited)
	})

	// Roll back from the overview, as an editor's browser does.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm("http://"+s.addr+"/forhandsvisning/logg-inn", url.Values{
		"epost": {"redaktor@example.org"}, "passord": {"Et-langt-passord-2026"}, "neste": {"/forhandsvisning/_oversikt"},
	})
	if err != nil {
		t.Fatal(err)
	}
	overview, _ := io.ReadAll(res.Body)
	res.Body.Close()
	for _, want := range []string{second.Utrulling + "</a>", "(vises nå)", "_tilbake/" + first.ID} {
		if !strings.Contains(string(overview), want) {
			t.Errorf("the overview does not show %q", want)
		}
	}
	// The confirmation page carries the session's token, which the POST
	// must send back.
	res, err = browser.Get("http://" + s.addr + "/forhandsvisning/_tilbake/" + first.ID)
	if err != nil {
		t.Fatal(err)
	}
	confirm, _ := io.ReadAll(res.Body)
	res.Body.Close()
	_, token, _ := strings.Cut(string(confirm), `name="csrf" value="`)
	token, _, _ = strings.Cut(token, `"`)
	if token == "" {
		t.Fatalf("the rollback's confirmation has no token: %.300s", confirm)
	}
	res, err = browser.PostForm("http://"+s.addr+"/forhandsvisning/_tilbake/"+first.ID, url.Values{"csrf": {token}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Request.URL.String(), "tilbakestilt=1") {
		t.Fatalf("rollback: %s at %s; want the overview after it", res.Status, res.Request.URL)
	}
	if fake.Live() != first.Utrulling || !serves(fake.URL, page, section.Title) {
		t.Errorf("live deploy %s after the rollback; want %s, with the old title", fake.Live(), first.Utrulling)
	}
	if back := ed.logged("the rollback", func(d deployment) bool { return d.TilbakeTil != "" }); back.TilbakeTil != first.Utrulling || !strings.Contains(back.Aarsak, "redaktor@example.org") {
		t.Errorf("rollback logged as %+v; want it back to %s, by the editor", back, first.Utrulling)
	}
	if strings.Contains(s.output.String(), netlifyToken) {
		t.Error("the server's output shows the Netlify token")
	}
	if p := fake.Problems(); len(p) > 0 {
		t.Errorf("the fake Netlify saw protocol errors: %v", p)
	}
}

// archiveHead is the content archive's last commit, nil while there is none.
func archiveHead(t *testing.T, dir string) *object.Commit {
	repo, err := git.PlainOpen(dir)
	if err != nil {
		return nil
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		return nil
	}
	c, err := repo.CommitObject(ref.Hash())
	if err != nil {
		t.Fatalf("archive: %v", err)
	}
	return c
}

// BenchmarkDeploy runs `ssu serve` on each archive size with direct
// deploys to a fake Netlify and edits one section's title again and
// again. Reported: the seconds from the save until the fake Netlify
// serves the new page, less the quiet period (save-s); the files each
// deploy uploaded (uploaded-files); and the server's peak memory over
// its whole run (serve-peak-MiB), while no editor has the preview open
// (it rests), with the memory limit deploy/ssu.service sets. Then an editor opens the preview and keeps a page open, and
// two more edits give the same figures with the preview building each
// edit too (open-save-s, open-serve-peak-MiB).
func BenchmarkDeploy(b *testing.B) {
	for _, size := range benchSizes() {
		b.Run(size.Name, func(b *testing.B) {
			a := prepareArchive(b, size)
			benchRun(b, "superuser", "upsert", "redaktor@example.org", "Et-langt-passord-2026", "--dir", a.data)
			fake := netlifytest.New(b, netlifyToken, netlifySite)
			const quiet = time.Second
			// The server's memory limit as the systemd unit sets it.
			addr, pid := benchServer(b, a, "GOMEMLIMIT="+unitEnvironment(b, "GOMEMLIMIT"), "SSU_NETLIFY_TOKEN="+netlifyToken, "SSU_NETLIFY_SITE="+netlifySite,
				"SSU_NETLIFY_API="+fake.API, "SSU_NETLIFY_QUIET="+quiet.String(), "SSU_SITE_URL="+fake.URL+"/", "SSU_FIRE_OYNE=av")
			token := benchSignIn(b, addr)
			var found struct {
				Items []struct {
					ID     string `json:"id"`
					Slug   string `json:"slug"`
					Expand struct {
						Rapport struct{ Aar int } `json:"rapport"`
					} `json:"expand"`
				}
			}
			benchCall(b, addr, token, "GET", "/api/collections/rapportdeler/records?perPage=1&expand=rapport&filter="+
				url.QueryEscape("status = 'publisert' && rapport.status = 'publisert'"), nil, &found)
			if len(found.Items) == 0 {
				b.Fatal("no published section")
			}
			sec := found.Items[0]
			page := content.Section{Slug: sec.Slug}.Location(sec.Expand.Rapport.Aar).URL
			edit := func(title string, within time.Duration) time.Duration {
				saved := time.Now()
				benchCall(b, addr, token, "PATCH", "/api/collections/rapportdeler/records/"+sec.ID, map[string]any{"tittel": title}, nil)
				for !serves(fake.URL, page, title) {
					if time.Since(saved) > within {
						var log struct{ Items []deployment }
						benchCall(b, addr, token, "GET", "/api/collections/publiseringer/records?sort=-created", nil, &log)
						b.Fatalf("%q not served at %s within %s; publications: %+v", title, page, within, log.Items)
					}
					time.Sleep(20 * time.Millisecond)
				}
				return time.Since(saved) - quiet
			}
			edit("Første utrulling", 20*time.Minute) // the whole site, the first time
			var took time.Duration
			uploads := 0
			n := 0
			for b.Loop() {
				n++
				before := fake.Uploads()
				took += edit(fmt.Sprintf("Endring nummer %d", n), 5*time.Minute)
				uploads += fake.Uploads() - before
			}
			logLastDeploy(b, addr, token, "the last deploy")
			b.ReportMetric(took.Seconds()/float64(n), "save-s")
			b.ReportMetric(float64(uploads)/float64(n), "uploaded-files")
			b.ReportMetric(float64(peakKiB(b, pid))/1024, "serve-peak-MiB")

			// Then an editor opens the preview and keeps a page of it open,
			// so that it builds every edit too.
			b.StopTimer()
			closePreview := openPreview(b, addr)
			took = 0
			const openEdits = 2
			for i := range openEdits {
				took += edit(fmt.Sprintf("Endring med forhåndsvisningen åpen %d", i), 5*time.Minute)
			}
			closePreview()
			logLastDeploy(b, addr, token, "the last deploy with the preview open")
			b.ReportMetric(took.Seconds()/openEdits, "open-save-s")
			b.ReportMetric(float64(peakKiB(b, pid))/1024, "open-serve-peak-MiB")
			if p := fake.Problems(); len(p) > 0 {
				b.Errorf("the fake Netlify saw protocol errors: %v", p)
			}
		})
	}
}

// logLastDeploy logs where the last deploy's time went, from its line in
// the publication log, which is written a moment after Netlify has it.
func logLastDeploy(b *testing.B, addr, token, what string) {
	for wait := time.Now(); time.Since(wait) < time.Minute; time.Sleep(50 * time.Millisecond) {
		var log struct{ Items []deployment }
		benchCall(b, addr, token, "GET", "/api/collections/publiseringer/records?sort=-created&perPage=1", nil, &log)
		if len(log.Items) > 0 && log.Items[0].Svar != "" {
			b.Logf("%s: %s", what, log.Items[0].Svar)
			return
		}
	}
}

// openPreview signs in to the preview of the server at addr, opens its
// home page (which waits for the preview's build) and keeps the page's
// live-reload stream open until the returned function is called.
func openPreview(b testing.TB, addr string) func() {
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm("http://"+addr+"/forhandsvisning/logg-inn", url.Values{
		"epost": {"redaktor@example.org"}, "passord": {"Et-langt-passord-2026"}, "neste": {"/forhandsvisning/"},
	})
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.Fatalf("the preview's home page: %s", res.Status)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/forhandsvisning/_hendelser?side=/forhandsvisning/", nil)
	res, err = browser.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		close(done)
	}()
	return func() { cancel(); <-done }
}

// benchServer starts `ssu serve` on the archive and waits until it answers.
func benchServer(b *testing.B, a archive, env ...string) (addr string, pid int) {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr = l.Addr().String()
	l.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, ssu, "serve", "--http", addr, "--dir", a.data, "--content", a.content)
	var output syncBuffer
	cmd.Stdout, cmd.Stderr = &output, &output
	cmd.Env = append(append(os.Environ(), "SSU_REPORT_PDF=av"), env...)
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cancel(); cmd.Wait() })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		res, err := http.Get("http://" + addr + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return addr, cmd.Process.Pid
			}
		}
		if time.Now().After(deadline) {
			b.Fatalf("server did not answer: %v\n%s", err, output.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func benchSignIn(b *testing.B, addr string) string {
	var auth struct{ Token string }
	benchCall(b, addr, "", "POST", "/api/collections/_superusers/auth-with-password",
		map[string]string{"identity": "redaktor@example.org", "password": "Et-langt-passord-2026"}, &auth)
	return auth.Token
}

func benchCall(b *testing.B, addr, token, method, path string, body, out any) {
	b.Helper()
	var reader io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, "http://"+addr+path, reader)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		b.Fatalf("%s %s: %s %s", method, path, res.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			b.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// peakKiB is a process's peak resident memory so far (Linux).
func peakKiB(b *testing.B, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		b.Fatal("no VmHWM")
	}
	kb, _ := strconv.Atoi(string(m[1]))
	return kb
}
