package sitecheck

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportWrite(t *testing.T) {
	r := &Report{Pages: 3, Results: []Result{
		{Title: "Links", Noun: "broken links", Problems: []Problem{
			{File: "index.html", Line: 4, Message: "<a href=\"/x/\">: no such file"},
			{File: "a/index.html", Message: "two\nlines"},
		}},
		{Title: "Weight", Noun: "over budget", Notes: []string{"heaviest: index.html"}},
		{Title: "HTML", Noun: "HTML errors", Skipped: "html-validate is not installed. Install the npm tools with: npm install"},
		{Title: "Axe", Noun: "axe violations", Err: errors.New("Chromium is not installed\n(CI=true)")},
	}}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	want := `== Links: 2 broken links
   index.html:4: <a href="/x/">: no such file
   a/index.html: two
   lines
== Weight: ok
   heaviest: index.html
== HTML: SKIPPED
   html-validate is not installed. Install the npm tools with: npm install
== Axe: COULD NOT RUN
   Chromium is not installed
   (CI=true)
sitecheck: 2 broken links, 0 over budget, HTML errors SKIPPED, axe violations NOT CHECKED (3 pages)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestReportFailed(t *testing.T) {
	scenarios := []struct {
		name    string
		results []Result
		want    bool
	}{
		{"all ok", []Result{{}, {Notes: []string{"n"}}}, false},
		{"a skipped check does not fail", []Result{{Skipped: "no chromium"}}, false},
		{"a problem fails", []Result{{}, {Problems: []Problem{{Message: "x"}}}}, true},
		{"a check that could not run fails", []Result{{Err: errors.New("x")}}, true},
	}
	for _, sc := range scenarios {
		if got := (&Report{Results: sc.results}).Failed(); got != sc.want {
			t.Errorf("%s: Failed() = %v; want %v", sc.name, got, sc.want)
		}
	}
}

// TestMissingTools runs the checks where neither node_modules nor Chromium
// is: outside CI they are skipped with how to install them, on CI they fail.
func TestMissingTools(t *testing.T) {
	noTools := t.TempDir()
	scenarios := []struct {
		name    string
		require bool
	}{
		{"a developer's machine skips", false},
		{"CI fails", true},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			r, err := Run(context.Background(), Options{
				SiteDir:      filepath.Join("testdata", "axe", "ok"),
				ToolsDir:     noTools,
				Chromium:     filepath.Join(noTools, "chromium"),
				RequireTools: sc.require,
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Failed(); got != sc.require {
				t.Errorf("Failed() = %v; want %v", got, sc.require)
			}
			for _, res := range r.Results[:4] {
				if res.Skipped != "" || res.Err != nil {
					t.Errorf("%s needs no tool but got skipped %q, error %v", res.Title, res.Skipped, res.Err)
				}
			}
			for _, res := range []Result{r.Results[4], r.Results[7], r.Results[8]} { // HTML, axe, phone layout
				why := res.Skipped
				if sc.require {
					if res.Err == nil || res.Skipped != "" {
						t.Fatalf("%s: got skipped %q, error %v; want an error", res.Title, res.Skipped, res.Err)
					}
					why = res.Err.Error()
				} else if res.Skipped == "" || res.Err != nil {
					t.Fatalf("%s: got skipped %q, error %v; want skipped", res.Title, res.Skipped, res.Err)
				}
				if !strings.Contains(why, "npm install") && !strings.Contains(why, "apt-get install") {
					t.Errorf("%s: %q does not say how to install what is missing", res.Title, why)
				}
			}
		})
	}
}

// TestMissingChromium has the npm tools but not the browser: the message
// names the Debian package.
func TestMissingChromium(t *testing.T) {
	tl := needTools(t, false, "playwright-core", "axe-core")
	tl.chromium = ""
	tl.require = false
	res := checkAxe(context.Background(), readFixture(t, "axe/ok", "/"), tl, nil)[0]
	if want := "apt-get install chromium"; !strings.Contains(res.Skipped, want) {
		t.Errorf("skipped %q, error %v; want a skip that says %q", res.Skipped, res.Err, want)
	}
}

func TestRunOnMissingSite(t *testing.T) {
	_, err := Run(context.Background(), Options{SiteDir: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), "site directory") {
		t.Errorf("got %v; want an error about the site directory", err)
	}
}

func TestFindToolsDir(t *testing.T) {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	if got := FindToolsDir("testdata"); got != root {
		t.Errorf("FindToolsDir(testdata) = %q; want %q", got, root)
	}
	dir := t.TempDir()
	if got := FindToolsDir(dir); got != dir {
		t.Errorf("FindToolsDir(%q) = %q; want the directory itself", dir, got)
	}
}
