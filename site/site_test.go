package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// writeTree writes tree as a content directory in a temporary folder.
func writeTree(t *testing.T, tree *content.Tree) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := tree.Write(dir); err != nil {
		t.Fatalf("write content: %v", err)
	}
	return dir
}

func build(t *testing.T, contentDir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	stats, err := site.Build(context.Background(), site.Options{ContentDir: contentDir, OutDir: out, Clock: someDay})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if stats.Pages == 0 || stats.Files == 0 {
		t.Fatalf("build reported %+v", stats)
	}
	return out
}

// page returns the visible text of a built page, tags removed and entities
// decoded, so that tests compare what a reader sees.
func page(t *testing.T, out, urlPath string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(urlPath), "index.html"))
	if err != nil {
		t.Fatalf("page %s: %v", urlPath, err)
	}
	text := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(string(data), " ")
	text = strings.Join(strings.Fields(html.UnescapeString(text)), " ")
	// A tag removed before punctuation leaves a space a reader does not see.
	return regexp.MustCompile(` ([,;:)]|\.(?: |$))`).ReplaceAllString(text, "$1")
}

// mainText is the text of a built page's main element: page without the
// header and the footer (whose "Sist oppdatert" names a date).
func mainText(t *testing.T, out, urlPath string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(urlPath), "index.html"))
	if err != nil {
		t.Fatalf("page %s: %v", urlPath, err)
	}
	_, body, _ := bytes.Cut(data, []byte("<main"))
	body, _, _ = bytes.Cut(body, []byte("</main>"))
	main := regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString("<main"+string(body), " ")
	main = strings.Join(strings.Fields(html.UnescapeString(main)), " ")
	return regexp.MustCompile(` ([,;:)]|\.(?: |$))`).ReplaceAllString(main, "$1")
}

func contains(t *testing.T, urlPath, text, want string) {
	t.Helper()
	want = strings.Join(strings.Fields(want), " ")
	if !strings.Contains(text, want) {
		t.Errorf("%s does not show %q", urlPath, want)
	}
}

// TestSeedSite builds the frozen seed content and checks that every report,
// section, project, meeting and committee status has its page with its text.
func TestSeedSite(t *testing.T) {
	dir := contenttest.SeedDir()
	tree, err := content.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := build(t, dir)
	plain := func(markdown string) string {
		// The first sentence of a body is enough to know it is there.
		s := strings.SplitN(markdown, "\n", 2)[0]
		s = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`).ReplaceAllString(s, "$1")
		return strings.TrimPrefix(s, "- ")
	}

	for _, r := range tree.Reports {
		p := "arsrapporter/" + strconv.Itoa(r.Year)
		text := page(t, out, p)
		contains(t, p, text, r.Title)
		contains(t, p, text, plain(r.Body))
		for _, m := range r.Members {
			contains(t, p, text, m.Name)
		}
		for _, s := range r.Sections {
			contains(t, p, text, s.Title)
			contains(t, p, text, plain(s.Body))
			sp := p + "/" + s.Slug
			st := page(t, out, sp)
			contains(t, sp, st, s.Title)
			contains(t, sp, st, plain(s.Body))
		}
		for _, l := range r.Links {
			contains(t, p, text, l.Title)
		}
	}
	for _, pr := range tree.Projects {
		p := "prosjekter/" + pr.Slug
		text := page(t, out, p)
		contains(t, p, text, pr.Title)
		if pr.Body != "" {
			contains(t, p, text, plain(pr.Body))
		}
	}
	for _, m := range tree.Meetings {
		p := "partnerskapsmoter/" + strconv.Itoa(m.Year)
		text := page(t, out, p)
		contains(t, p, text, m.Title)
		contains(t, p, text, plain(m.Body))
	}
	for _, c := range tree.Committees {
		for _, s := range c.Statuses {
			p := "faglige-samarbeidsutvalg/" + c.Slug + "/" + strconv.Itoa(s.Year)
			contains(t, p, page(t, out, p), plain(s.Body))
		}
	}

	report := page(t, out, "arsrapporter/2025")
	for _, want := range []string{"1. mai 2025", "1. oktober 2025", "Søknader om tilskudd 14", "Søknader innvilget 7", "20 %", "Borghild Ulshagen, kommunalsjef helse og omsorg, Ål kommune – avløste Christoffer Boge fra høsten 2025"} {
		contains(t, "arsrapporter/2025", report, want)
	}
	contains(t, "partnerskapsmoter/2025", page(t, out, "partnerskapsmoter/2025"), "6. juni 2025")
	feed, err := os.ReadFile(filepath.Join(out, "index.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var rss struct {
		Channel struct {
			Title string `xml:"title"`
			Items []struct {
				Title   string `xml:"title"`
				PubDate string `xml:"pubDate"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal(feed, &rss); err != nil {
		t.Fatalf("RSS feed: %v", err)
	}
	if strings.Contains(string(feed), "&amp;#xA;") {
		t.Error("RSS descriptions carry encoded newlines (&#xA;) as text")
	}
	if want := len(tree.Reports) + len(tree.Meetings) + len(tree.Projects); len(rss.Channel.Items) != want || rss.Channel.Items[0].Title != tree.Reports[len(tree.Reports)-1].Title {
		t.Errorf("RSS has %d items starting with %q; want %d, newest report first", len(rss.Channel.Items), rss.Channel.Items[0].Title, want)
	}
	for _, item := range rss.Channel.Items {
		if strings.Contains(item.PubDate, "0001") || strings.Contains(rss.Channel.Title, " on ") {
			t.Errorf("RSS item %q has a placeholder date or the channel an English title", item.Title)
		}
		// When the CMS first published it, as RFC 1123 with the Norwegian offset.
		if d, err := time.Parse(time.RFC1123Z, item.PubDate); err != nil || !strings.HasSuffix(item.PubDate, "+0100") && !strings.HasSuffix(item.PubDate, "+0200") {
			t.Errorf("RSS item %q: pubDate %q (%v); want a date in Norwegian time", item.Title, item.PubDate, err)
		} else if d.Year() < 2026 {
			t.Errorf("RSS item %q: pubDate %q is not when the seed was published", item.Title, item.PubDate)
		}
	}
	sitemap, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	urls := regexp.MustCompile(`(?s)<url>.*?</url>`).FindAll(sitemap, -1)
	if len(urls) < 50 {
		t.Errorf("the sitemap has %d URLs; want every page", len(urls))
	}
	for _, u := range urls {
		if !regexp.MustCompile(`<lastmod>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d</lastmod>`).Match(u) {
			t.Errorf("a sitemap URL without lastmod: %s", u)
		}
	}

	// Norwegian alphabetical order: Ø after Z.
	contains(t, "prosjekter", page(t, out, "prosjekter"), "Rollag kommune (1 prosjekt) Vestre Viken (2 prosjekter) Øvre Eiker kommune (1 prosjekt)")
	contains(t, "prosjekter/kongsberg-samhandlingsarena", page(t, out, "prosjekter/kongsberg-samhandlingsarena"), "2,9 mill. kr")

	// Each report in the order of the original: the grant figures and
	// projects in the grant section, the meeting and the committees where
	// the report has them.
	for year, want := range map[string][]string{
		"2024": {"Rekrutterings- og samhandlingstilskudd", "Tilskuddsrunden 2024 i tall", "Prosjekter 2024", "Partnerskapsmøtet 2024", "Overordnet samarbeidsavtale",
			"Nye henvisningsforløp innen rehabilitering", "Status for faglige samarbeidsutvalg", "Forbedring og utvikling av strategisk samarbeid", "Møteplan for 2025", "Kilder"},
		"2025": {"Rekrutterings- og samhandlingstilskudd", "Tilskuddsrunden 2025 i tall", "Prosjekter 2025", "Samhandlings- og utviklingsprosjekter",
			"Forberedelse til nytt sykehus i Drammen", "Øvrige tema", "Partnerskapsmøtet 2025", "Overordnet samarbeidsavtale", "Status for faglige samarbeidsutvalg", "Møteplan for 2026", "Kilder"},
	} {
		data, err := os.ReadFile(filepath.Join(out, "arsrapporter", year, "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		toc := regexp.MustCompile(`id="?innhold-` + year).FindIndex(data)
		if toc == nil {
			t.Fatalf("%s: no contents", year)
		}
		body := string(data[toc[1]:])
		contents := body[:strings.Index(body, "</nav>")]
		body = body[strings.Index(body, "</nav>"):] // the parts after the contents
		// The contents list the parts in the same order, a group heading
		// ("Øvrige tema") among them.
		at := 0
		for _, heading := range want {
			i := strings.Index(contents[at:], ">"+heading)
			if i < 0 {
				t.Errorf("%s contents: %q is not after the parts before it in the original (%v)", year, heading, want)
				break
			}
			at += i
		}
		at = 0
		for _, heading := range want {
			i := strings.Index(body[at:], ">"+heading)
			if i < 0 {
				t.Errorf("%s: %q is not after the parts before it in the original (%v)", year, heading, want)
				break
			}
			at += i
		}
	}
	if data, err := os.ReadFile(filepath.Join(out, "index.html")); err != nil || !regexp.MustCompile(`<html lang="?nb"?>`).Match(data) {
		t.Errorf("home page is not marked as Norwegian Bokmål (err %v)", err)
	}
}

// TestHostileContentRendersAsText builds the edge-case tree: shortcode and
// template syntax must show as written, and no script or javascript: URL
// from content may reach the page.
func TestHostileContentRendersAsText(t *testing.T) {
	dir := writeTree(t, contenttest.EdgeCases())
	out := build(t, dir)
	raw, err := os.ReadFile(filepath.Join(out, "prosjekter", "prosjekt", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script>alert", "javascript:alert", `href="javascript`} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("project page contains %q from content", bad)
		}
	}
	// The zero-width space that keeps Hugo from running it is invisible,
	// and the typographer sets Norwegian quotation marks.
	shown := strings.NewReplacer("\u200b", "", "«", `"`, "»", `"`).Replace(page(t, out, "prosjekter/prosjekt"))
	for _, literal := range []string{`{{< param "title" >}}`, `{{% x %}}`, `{{ .Title }}`, `{{ printf "%s" }}`} {
		if !strings.Contains(shown, literal) {
			t.Errorf("project page does not show %q as written", literal)
		}
	}
}

// TestFailedBuildKeepsPreviousSite breaks the content after a good build:
// the second build fails and the first site stays whole.
func TestFailedBuildKeepsPreviousSite(t *testing.T) {
	dir := writeTree(t, contenttest.EdgeCases())
	out := build(t, dir)
	before, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(dir, "prosjekter", "brutt.md")
	if err := os.WriteFile(broken, []byte("+++\ntitle = \n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: someDay}); err == nil {
		t.Fatal("build with broken front matter succeeded; want an error")
	}
	after, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil || string(after) != string(before) {
		t.Errorf("the previous site changed after a failed build (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(out, "prosjekter", "prosjekt", "index.html")); err != nil {
		t.Errorf("a page of the previous site is gone: %v", err)
	}
}

// TestBreadcrumbsNameSections checks that the breadcrumb trail names each
// top section as its page does: the trail takes the names from i18n, not
// from the pages.
func TestBreadcrumbsNameSections(t *testing.T) {
	out := build(t, contenttest.SeedDir())
	// The HTML is minified: attribute values go without quotes.
	crumb := regexp.MustCompile(`<nav class="?breadcrumbs"?[^>]*><ol><li><a href="?/"?>[^<]*</a></li><li><a href="?/([^/"]+)/"?>([^<]*)</a></li>`)
	heading := regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)
	checked := map[string]bool{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".html" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := crumb.FindSubmatch(data)
		if m == nil || checked[string(m[1])] {
			return nil
		}
		section := string(m[1])
		checked[section] = true
		index, err := os.ReadFile(filepath.Join(out, section, "index.html"))
		if err != nil {
			return err
		}
		h := heading.FindSubmatch(index)
		if h == nil || html.UnescapeString(string(h[1])) != html.UnescapeString(string(m[2])) {
			t.Errorf("%s: the breadcrumb names /%s/ %q; its page is titled %q", p, section, m[2], h)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(checked) < 6 {
		t.Errorf("checked the breadcrumbs of %d sections (%v); want every top section", len(checked), checked)
	}
}

// TestRebuildInReusedTree builds into one output directory, so that each
// build reuses the tree of the one before last: a site with images, the
// seed, then the first site twice. The third build finds the resized
// images already there (Hugo does not write them again) and must keep
// them; the fourth must remove what the seed left. Each result must be
// exactly what a build into an empty directory gives.
func TestRebuildInReusedTree(t *testing.T) {
	seed := contenttest.SeedDir()
	edge := writeTree(t, contenttest.EdgeCases())
	want, err := atomicdir.ReadFiles(build(t, edge))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	for i, dir := range []string{edge, seed, edge, edge} {
		if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: someDay}); err != nil {
			t.Fatal(err)
		}
		if i < 2 {
			continue
		}
		got, err := atomicdir.ReadFiles(out)
		if err != nil {
			t.Fatal(err)
		}
		for name := range want {
			if !bytes.Equal(got[name], want[name]) {
				t.Errorf("build %d: %s differs from a build into an empty directory", i+1, name)
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("build %d: %s is left over from an earlier build", i+1, name)
			}
		}
	}
}

// BenchmarkBuildSeed measures a full Hugo build of the frozen seed content.
func BenchmarkBuildSeed(b *testing.B) {
	out := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := site.Build(context.Background(), site.Options{ContentDir: contenttest.SeedDir(), OutDir: out, Clock: someDay}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestImages builds pages with images: each is resized to WebP, has width,
// height and a srcset, and carries the editor's alternative text.
func TestImages(t *testing.T) {
	tree := contenttest.EdgeCases()
	dir := writeTree(t, tree)
	out := build(t, dir)
	img := regexp.MustCompile(`<img [^>]*>`)
	for _, p := range []struct{ page, alt string }{
		{"prosjekter/prosjekt", tree.Projects[0].Alt},
		{"partnerskapsmoter/2031", tree.Meetings[0].Alt},
		{"arsrapporter/2031/forst", tree.Reports[1].Sections[0].Alt},
		{"arsrapporter/2031", tree.Reports[1].Sections[0].Alt},
	} {
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p.page), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		_, inMain, _ := bytes.Cut(data, []byte("<main")) // not the header's logo
		tag := img.Find(inMain)
		if tag == nil {
			t.Errorf("%s has no image", p.page)
			continue
		}
		attr := func(name string) string {
			m := regexp.MustCompile(` ` + name + `=(?:"([^"]*)"|([^\s>]+))`).FindSubmatch(tag)
			if m == nil {
				return ""
			}
			return html.UnescapeString(string(m[1]) + string(m[2]))
		}
		if !strings.Contains(html.UnescapeString(string(tag)), p.alt) {
			t.Errorf("%s: image %s does not carry the alt text %q", p.page, tag, p.alt)
		}
		for _, name := range []string{"width", "height", "srcset", "src"} {
			if attr(name) == "" {
				t.Errorf("%s: image has no %s: %s", p.page, name, tag)
			}
		}
		if !strings.Contains(attr("src"), ".webp") {
			t.Errorf("%s: image src %q is not a resized WebP", p.page, attr("src"))
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(attr("src"), "/")))); err != nil {
			t.Errorf("%s: image file is not in the build: %v", p.page, err)
		}
	}
}

// TestSearchIndex builds with Pagefind: the index is made for Norwegian
// Bokmål (its stemmer), and it finds a word from the content.
func TestSearchIndex(t *testing.T) {
	if _, err := exec.LookPath(filepath.Join("..", "node_modules", ".bin", "pagefind")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pagefind is not installed (npm install); CI requires the search index")
		}
		t.Skip("pagefind is not installed: run npm install to test the search index")
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(context.Background(), site.Options{ContentDir: contenttest.SeedDir(), OutDir: out, Search: true, Clock: someDay}); err != nil {
		t.Fatal(err)
	}
	entry, err := os.ReadFile(filepath.Join(out, "pagefind", "pagefind-entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	var index struct {
		Languages map[string]struct {
			Wasm      string `json:"wasm"`
			PageCount int    `json:"page_count"`
		} `json:"languages"`
	}
	if err := json.Unmarshal(entry, &index); err != nil {
		t.Fatal(err)
	}
	// Every page with content of its own (data-pagefind-body), and only those.
	indexed := 0
	err = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && bytes.Contains(data, []byte("data-pagefind-body")) {
			indexed++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	nb, ok := index.Languages["nb"]
	if !ok || nb.Wasm != "nb" || nb.PageCount != indexed || indexed < 40 {
		t.Errorf("search index languages %+v; want nb with its own stemmer over the %d pages with content", index.Languages, indexed)
	}
	if _, err := os.Stat(filepath.Join(out, "pagefind", "wasm.nb.pagefind")); err != nil {
		t.Errorf("no Norwegian search module: %v", err)
	}
}
