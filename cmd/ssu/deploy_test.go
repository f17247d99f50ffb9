package main_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
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
	s := startServer(t, "SSU_NETLIFY_TOKEN="+netlifyToken, "SSU_NETLIFY_SITE="+netlifySite, "SSU_NETLIFY_API="+fake.API,
		"SSU_NETLIFY_QUIET="+quiet.String(), "SSU_SITE_URL="+fake.URL+"/")
	ed := signIn(t, s)

	seed, err := content.Read(seedContent)
	if err != nil {
		t.Fatal(err)
	}
	report := seed.Reports[0]
	section := report.Sections[0]
	page := section.Location(report.Year).URL
	eventually(t, 30*time.Second, "the seeded site deployed", func() bool { return serves(fake.URL, page, section.Title) })
	first := ed.deployments()[0]
	if first.Status != "publisert" || first.Utrulling != fake.Live() || first.Adresse == "" {
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
	second := ed.deployments()[0]
	if second.Status != "publisert" || second.Filer == 0 || second.Filer > 20 {
		t.Errorf("the edit's publication %+v; want live with 1 to 20 files uploaded", second)
	}
	t.Logf("save → new page served by the fake Netlify: %s (%s after the quiet period); %d files uploaded; deploy took %d ms; server peak memory %s",
		took.Round(time.Millisecond), (took - quiet).Round(time.Millisecond), second.Filer, second.Varighet, peakMemory(t, s.pid))

	// The edit is a commit in the content archive, by the editor.
	eventually(t, 10*time.Second, "the edit in the content archive", func() bool {
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
	res, err = browser.PostForm("http://"+s.addr+"/forhandsvisning/_tilbake/"+first.ID, nil)
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
	if back := ed.deployments()[0]; back.TilbakeTil != first.Utrulling || !strings.Contains(back.Aarsak, "redaktor@example.org") {
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
