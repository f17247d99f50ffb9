package sitecheck

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestSitemapPaths(t *testing.T) {
	scenarios := []struct {
		name         string
		dir, baseURL string
		wantPaths    []string
		wantProblems []string
	}{
		{
			name: "a sitemap index under a base path", dir: "sitemap", baseURL: "https://example.org/ssu/",
			wantPaths: []string{"/ssu/nb/", "/ssu/nb/om/", "/ssu/en/"},
			wantProblems: []string{
				`nb/sitemap.xml: "https://example.org/annet/" is not a URL under the base path /ssu/`,
				`sitemap.xml: sitemap "https://example.org/ssu/mangler/sitemap.xml" is not in the site`,
			},
		},
		{
			name: "absolute URLs with another host keep their paths", dir: "axe/ok", baseURL: "/",
			wantPaths: []string{"/", "/om/"},
		},
		{
			name: "no sitemap", dir: "links/ok", baseURL: "/",
			wantProblems: []string{"sitemap.xml: missing: the browser check visits the pages the sitemap lists"},
		},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			paths, problems, err := sitemapPaths(readFixture(t, sc.dir, sc.baseURL))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(paths, " ") != strings.Join(sc.wantPaths, " ") {
				t.Errorf("got paths %q; want %q", paths, sc.wantPaths)
			}
			sameLines(t, lines(problems), sc.wantProblems)
		})
	}
}

// ruleID finds the axe rule at the start of a problem's message.
var ruleID = regexp.MustCompile(`^([a-z0-9-]+) \((critical|serious|moderate|minor)\): .+ \[https://\S+\]`)

func TestCheckAxe(t *testing.T) {
	tl := needTools(t, true, "playwright-core", "axe-core")
	scenarios := []struct {
		dir  string
		want []string // file rule, sorted
	}{
		{dir: "axe/ok"},
		{dir: "axe/bad", want: []string{
			"borte/index.html: /borte/ answered HTTP 404",
			"index.html button-name",
			"index.html color-contrast",
			"index.html html-has-lang",
			"om/index.html image-alt",
			"om/index.html link-name",
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkAxe(context.Background(), readFixture(t, sc.dir, "/"), tl, nil)[0]
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			var got []string
			for _, p := range res.Problems {
				m := ruleID.FindStringSubmatch(p.Message)
				if m == nil {
					got = append(got, p.String())
					continue
				}
				// Each violation names the elements concerned by selector.
				if !strings.Contains(p.Message, "\n    ") {
					t.Errorf("%s: no selector in %q", p.File, p.Message)
				}
				got = append(got, fmt.Sprintf("%s %s", p.File, m[1]))
			}
			sort.Strings(got)
			sameLines(t, got, sc.want)
		})
	}
}

// TestCheckPhoneLayout: at 320 px a page that scrolls sideways is named
// with the element that is too wide, and so is a page whose title or text
// starts below the first screen; a wide table in a box that scrolls on its
// own, a long word in a paragraph and the pages of axe/ok pass.
func TestCheckPhoneLayout(t *testing.T) {
	tl := needTools(t, true, "playwright-core", "axe-core")
	for _, sc := range []struct {
		dir  string
		want []string
	}{
		{dir: "axe/ok"},
		{dir: "axe/phone", want: []string{
			"bred/index.html: scrolls sideways at 320 px: the page is 600 px wide\n    body > main > pre.fast (to 600 px)",
			"lang-tittel/index.html: at 320 × 568 px the title (h1) ends 4416 px down, below the first screen",
			"sen-start/index.html: at 320 × 568 px what follows the title begins 1128 px down, below the first screen",
		}},
	} {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkAxe(context.Background(), readFixture(t, sc.dir, "/"), tl, nil)[1]
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			sameLines(t, lines(res.Problems), sc.want)
		})
	}
}

func TestServeUnderBasePath(t *testing.T) {
	s, err := readSite(filepath.Join("testdata", "axe", "ok"), "https://example.org/ssu/")
	if err != nil {
		t.Fatal(err)
	}
	addr, stop, err := serve(s)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("server listens on %s; want 127.0.0.1", addr)
	}
	scenarios := []struct {
		path string
		want int
	}{
		{"/ssu/", 200},
		{"/ssu/om/", 200},
		{"/om/", 404},
	}
	for _, sc := range scenarios {
		resp, err := httpGet("http://" + addr + sc.path)
		if err != nil {
			t.Fatal(err)
		}
		if resp != sc.want {
			t.Errorf("GET %s: got %d; want %d", sc.path, resp, sc.want)
		}
	}
}
