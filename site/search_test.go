package site_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser/browsertest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// searchQueries are what readers ask the seed site, each with the page that
// should come first. The README shows the list and the hit rate.
var searchQueries = []struct{ query, first string }{
	{"pasientforlop skropelighet", "/prosjekter/pasientforlop-for-eldre-med-skropelighet/"},
	{"helsetjenesteteam skrøpelighet", "/prosjekter/personsentrert-helsetjenesteteam-for-eldre-med-skropelighet/"},
	{"trening som medisin", "/prosjekter/trening-som-medisin/"},
	{"traineeprogram sykepleiere", "/prosjekter/traineeprogram-for-sykepleiere/"},
	{"FACT Ung", "/prosjekter/fact-ung/"},
	{"dialogbasert inntak", "/prosjekter/dialogbasert-inntak/"},
	{"fengsel", "/prosjekter/psyk-team-fengsel/"},
	{"nytt sykehus Drammen", "/arsrapporter/2025/forberedelse-til-nytt-sykehus-i-drammen/"},
	{"henvisningsforlop rehabilitering", "/arsrapporter/2024/nye-henvisningsforlop-innen-rehabilitering/"},
	{"moteplan 2026", "/arsrapporter/2025/moteplan-for-2026/"},
	{"partnerskapsmøte 2025", "/partnerskapsmoter/2025/"},
	{"Grete Syrdal", "/utvalget/"},
	{"universell utforming", "/tilgjengelighet/"},
	{"koordinerende enhet", "/prosjekter/koordinerende-enhet-ringerike/"},
	{"omstilling psykisk helse", "/arsrapporter/2024/omstilling-klinikk-for-psykisk-helse-og-rus/"},
	{"utvidet representasjon", "/arsrapporter/2024/utvidet-representasjon/"},
	{"Kongsberg samhandlingsarena", "/prosjekter/kongsberg-samhandlingsarena/"},
	{"hjemmeoppfolging skalering", "/prosjekter/digital-hjemmeoppfolging-skalering/"},
	{"søknader tilskudd 2025", "/arsrapporter/2025/rekrutterings-og-samhandlingstilskudd/"},
}

// searchTarget is the least number of searchQueries whose first result is
// the page they name.
const searchTarget = 17

// requirePagefind skips a test without Pagefind, except on CI.
func requirePagefind(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath(filepath.Join("..", "node_modules", ".bin", "pagefind")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pagefind is not installed (npm install); CI requires the search index")
		}
		t.Skip("pagefind is not installed: run npm install to test the search index")
	}
}

var (
	seedSearchOnce sync.Once
	seedSearchOut  string
	seedSearchErr  error
)

// seedSearchSite is the seed site built once with its search index.
func seedSearchSite(t *testing.T) string {
	t.Helper()
	requirePagefind(t)
	seedSearchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "ssu-search-")
		if err != nil {
			seedSearchErr = err
			return
		}
		seedSearchOut = filepath.Join(dir, "public")
		_, seedSearchErr = site.Build(context.Background(), site.Options{ContentDir: contenttest.SeedDir(), OutDir: seedSearchOut, Search: true, Clock: someDay})
	})
	if seedSearchErr != nil {
		t.Fatal(seedSearchErr)
	}
	return seedSearchOut
}

// foldTable is site.Params.searchFold from hugo.toml.
func foldTable(t *testing.T) [][2]string {
	t.Helper()
	var cfg struct {
		Params struct {
			SearchFold [][2]string `toml:"searchFold"`
		} `toml:"params"`
	}
	if _, err := toml.DecodeFile("hugo.toml", &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Params.SearchFold) == 0 {
		t.Fatal("hugo.toml has no params.searchFold")
	}
	return cfg.Params.SearchFold
}

// fold is the oracle the tests hold the site's two folds to.
func fold(table [][2]string, s string) string {
	s = strings.ToLower(s)
	for _, p := range table {
		s = strings.ReplaceAll(s, p[0], p[1])
	}
	return s
}

var foldCases = []struct{ in, want string }{
	{"Skrøpelighet", "skropelighet"},
	{"Bærum DPS", "baerum dps"},
	{"Åsgårdstrand", "asgardstrand"},
	{"ØVRE EIKER", "ovre eiker"},
	{"Komité", "komite"},
	{"samhandling", "samhandling"},
}

// TestFoldQuery: the search page's fold (js/fold.js, run by Node) folds a
// query as the table says.
func TestFoldQuery(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	table := foldTable(t)
	for _, c := range foldCases {
		if got := fold(table, c.in); got != c.want {
			t.Errorf("table folds %q to %q; want %q", c.in, got, c.want)
		}
	}
	module, err := filepath.Abs(filepath.Join("assets", "js", "fold.js"))
	if err != nil {
		t.Fatal(err)
	}
	ins := make([]string, len(foldCases))
	for i, c := range foldCases {
		ins[i] = c.in
	}
	input, _ := json.Marshal(map[string]any{"table": table, "in": ins})
	url, _ := json.Marshal("file://" + module)
	script := "import { fold } from " + string(url) + ";\n" +
		"import { readFileSync } from \"node:fs\";\n" +
		"const cfg = JSON.parse(readFileSync(0, \"utf8\"));\n" +
		"process.stdout.write(JSON.stringify(cfg.in.map((s) => fold(s, cfg.table))));"
	cmd := exec.Command(node, "--input-type=module", "-e", script)
	cmd.Stdin = bytes.NewReader(input)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node fold.js: %v", err)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, c := range foldCases {
		if got[i] != c.want {
			t.Errorf("fold.js folds %q to %q; want %q", c.in, got[i], c.want)
		}
	}
}

type fragment struct {
	URL     string            `json:"url"`
	Content string            `json:"content"`
	Meta    map[string]string `json:"meta"`
}

// fragments reads every page Pagefind indexed.
func fragments(t *testing.T, out string) map[string]fragment {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(out, "pagefind", "fragment", "*.pf_fragment"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no search fragments: %v", err)
	}
	pages := map[string]fragment{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		var fr fragment
		if err := json.Unmarshal(bytes.TrimPrefix(raw, []byte("pagefind_dcd")), &fr); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		pages[fr.URL] = fr
	}
	return pages
}

var foldWord = regexp.MustCompile(`[\p{L}\p{N}]+`)

// TestSearchIndexesContent: Pagefind indexes each piece of content once,
// with its type and year, and not the pages that only list others; the
// folded twins of a page are exactly its indexed words that fold changes.
func TestSearchIndexesContent(t *testing.T) {
	out := seedSearchSite(t)
	pages := fragments(t, out)
	table := foldTable(t)

	for _, listing := range []string{"/arsrapporter/", "/prosjekter/", "/partnerskapsmoter/", "/partnere/", "/tema/", "/pasientgrupper/", "/ordninger/", "/faglige-samarbeidsutvalg/", "/sok/", "/partnere/bupa/"} {
		if _, ok := pages[listing]; ok {
			t.Errorf("%s is in the search index; want only pages with content of their own", listing)
		}
	}
	want := map[string][2]string{
		"/arsrapporter/2024/":                          {"Årsrapport", "2024"},
		"/arsrapporter/2025/moteplan-for-2026/":        {"Del av årsrapport", "2025"},
		"/prosjekter/fact-ung/":                        {"Prosjekt", "2025"},
		"/partnerskapsmoter/2025/":                     {"Partnerskapsmøte", "2025"},
		"/faglige-samarbeidsutvalg/barn-og-unge/2024/": {"Status fra faglig samarbeidsutvalg", "2024"},
	}
	for url, w := range want {
		if got := pages[url].Meta; got["type"] != w[0] || got["year"] != w[1] {
			t.Errorf("%s: type %q, year %q; want %q, %q", url, got["type"], got["year"], w[0], w[1])
		}
	}
	if got := pages["/arsrapporter/2025/moteplan-for-2026/"].Meta["report"]; !strings.HasPrefix(got, "Årsrapport for") {
		t.Errorf("a section's result names its report %q; want the report's title", got)
	}

	// A section is found on its own page, not again on the whole report.
	report := pages["/arsrapporter/2024/"].Content
	section := pages["/arsrapporter/2024/utvidet-representasjon/"].Content
	if first := strings.SplitN(section, ". ", 3)[1]; first == "" || strings.Contains(report, first) {
		t.Errorf("the whole report indexes its section's text %q again", first)
	}
	// Labels of facts are not content.
	if strings.Contains(pages["/prosjekter/fact-ung/"].Content, "Partnere") {
		t.Error("a project's fact labels are indexed")
	}

	for url, p := range pages {
		own, twins, found := strings.Cut(p.Content, "¶")
		var wantTwins []string
		for _, w := range foldWord.FindAllString(strings.ToLower(own), -1) {
			if f := fold(table, w); f != w {
				wantTwins = append(wantTwins, f)
			}
		}
		gotTwins := foldWord.FindAllString(twins, -1)
		if !found && len(wantTwins) > 0 {
			t.Errorf("%s has words to fold %q but no folded twins", url, wantTwins)
			continue
		}
		slices.Sort(wantTwins)
		slices.Sort(gotTwins)
		if !slices.Equal(gotTwins, wantTwins) {
			t.Errorf("%s: folded twins\n%q\nwant the indexed words folded\n%q", url, gotTwins, wantTwins)
		}
	}
}

// TestSearchQueries runs searchQueries on the search page in Chromium and
// reports how many find their page first (the README's measurement).
func TestSearchQueries(t *testing.T) {
	node, chromium, root := browsertest.Tools(t)
	out := seedSearchSite(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(out))}
	go srv.Serve(ln)
	defer srv.Close()

	queries := make([]string, len(searchQueries))
	for i, q := range searchQueries {
		queries[i] = q.query
	}
	input, _ := json.Marshal(map[string]any{"root": root, "chromium": chromium, "base": "http://" + ln.Addr().String(), "queries": queries})
	cmd := exec.Command(node, filepath.Join("testdata", "search-queries.cjs"))
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("search in Chromium: %v\n%s", err, stderr.String())
	}
	var results []struct {
		Query   string   `json:"query"`
		Results []string `json:"results"`
	}
	if err := json.Unmarshal(data, &results); err != nil {
		t.Fatal(err)
	}
	hits := 0
	for i, q := range searchQueries {
		got := results[i].Results
		if len(got) > 0 && got[0] == q.first {
			hits++
			continue
		}
		t.Logf("miss: %q shows %q first; want %s", q.query, got, q.first)
	}
	t.Logf("search: %d of %d queries find their page first", hits, len(searchQueries))
	if hits < searchTarget {
		t.Errorf("%d of %d queries find their page first; want at least %d", hits, len(searchQueries), searchTarget)
	}
}

// TestSearchWithoutIndex: a build without Pagefind says plainly that
// search is not available and asks for no index; every page has the
// header's search form, which works without JavaScript.
func TestSearchWithoutIndex(t *testing.T) {
	out := build(t, contenttest.SeedDir())
	data, err := os.ReadFile(filepath.Join(out, "sok", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("pagefind")) || bytes.Contains(data, []byte("<script")) {
		t.Error("the search page of a build without index loads a script or asks for the index")
	}
	text := page(t, out, "sok")
	contains(t, "sok", text, "Søk er ikke tilgjengelig")
	if strings.Contains(text, "forhåndsvisning") {
		t.Error("the public search page speaks of the preview")
	}
	form := regexp.MustCompile(`<form class=site-search role=search aria-label="Søk på nettstedet" action=/sok/ method=get>`)
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		html, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !form.Match(html) || !bytes.Contains(html, []byte(`name=q`)) {
			t.Errorf("%s has no search field in its header", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
