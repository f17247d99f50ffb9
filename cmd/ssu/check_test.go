package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/internal/sitecheck"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// repoRoot holds package.json, node_modules and .htmlvalidate.json.
var repoRoot = filepath.Join("..", "..")

// TestCheckSeedSite builds the site from the seed content and runs every
// check of `ssu check` over it. The HTML and browser checks are skipped when
// their tools are missing, except on CI (CI=true), where they must run.
func TestCheckSeedSite(t *testing.T) {
	ctx := context.Background()
	const baseURL = "https://ssu.example.org/"
	out := filepath.Join(t.TempDir(), "public")
	someDay := func() time.Time { return time.Date(2026, time.March, 2, 12, 0, 0, 0, content.Zone) }
	if _, err := site.Build(ctx, site.Options{ContentDir: seedContent, OutDir: out, BaseURL: baseURL, Clock: someDay}); err != nil {
		t.Fatal(err)
	}
	// The word list as the migrations make it.
	var words []string
	rs, err := pbtest.NewApp(t).FindAllRecords(schema.WordList)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		words = append(words, r.GetString("ord"))
	}
	report, err := sitecheck.Run(ctx, sitecheck.Options{
		SiteDir:      out,
		BaseURL:      baseURL,
		ToolsDir:     repoRoot,
		RequireTools: os.Getenv("CI") == "true",
		Words:        prose.NewWordList(words),
	})
	if err != nil {
		t.Fatal(err)
	}
	if report.Pages == 0 {
		t.Fatal("no HTML pages in the built site")
	}
	for _, res := range report.Results {
		t.Run(res.Title, func(t *testing.T) {
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if res.Skipped != "" {
				t.Skip("skipped: " + res.Skipped)
			}
			if res.Info && res.Found > 0 {
				t.Errorf("%d %s in the site built from the seed content; want 0 (no false alarms):\n%s", res.Found, res.Noun, strings.Join(res.Notes, "\n"))
			}
			if len(res.Problems) > 0 {
				var b strings.Builder
				for _, p := range res.Problems {
					b.WriteString("\n  " + strings.ReplaceAll(p.String(), "\n", "\n  "))
				}
				t.Errorf("got %d %s in the site built from the seed content; want 0:%s", len(res.Problems), res.Noun, b.String())
			}
		})
	}
}

// checkCmd runs `ssu check` with the given CI variable and returns its
// output and exit code.
func checkCmd(t *testing.T, ci string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(ssu, append([]string{"check", "--dir", t.TempDir()}, args...)...)
	cmd.Env = append(os.Environ(), "CI="+ci)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errorsAs(err, &exit):
		return string(out), exit.ExitCode()
	default:
		t.Fatalf("ssu check: %v\n%s", err, out)
		return "", 0
	}
}

func errorsAs(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	*target = e
	return ok
}

func TestCheckCommand(t *testing.T) {
	fixtures := filepath.Join("..", "..", "internal", "sitecheck", "testdata")
	noTools := t.TempDir() // no node_modules, no Chromium: those checks skip
	skipTools := []string{"--tools", noTools, "--chromium", filepath.Join(noTools, "chromium")}
	scenarios := []struct {
		name     string
		ci       string
		args     []string
		wantExit int
		want     []string
	}{
		{
			name: "a clean site passes; missing tools are skipped with how to install them",
			args: append([]string{"--site", filepath.Join(fixtures, "axe", "ok")}, skipTools...),
			want: []string{
				"== Broken internal links and anchors: ok",
				"== HTML validity (html-validate): SKIPPED", "npm install",
				"(axe-core in Chromium, 1280 and 320 px wide): SKIPPED",
				"== Layout on a phone (Chromium, 320 × 568 px): SKIPPED",
				"sitecheck: 0 broken links, 0 images without alt, 0 heading problems, 0 title problems, HTML errors SKIPPED, 0 over budget, axe violations SKIPPED, layout problems SKIPPED (3 pages)",
			},
		},
		{
			name:     "on CI a missing tool fails the check",
			ci:       "true",
			args:     append([]string{"--site", filepath.Join(fixtures, "axe", "ok")}, skipTools...),
			wantExit: 1,
			want:     []string{"COULD NOT RUN", "CI requires this check to run", "HTML errors NOT CHECKED"},
		},
		{
			name:     "broken links fail with a list",
			args:     append([]string{"--site", filepath.Join(fixtures, "links", "broken"), "--base-url", "https://example.org/"}, skipTools...),
			wantExit: 1,
			want: []string{
				"== Broken internal links and anchors: 12 broken links",
				`   index.html:9: <a href="/finnes-ikke/">: no such file in the site (looked for finnes-ikke/index.html)`,
				"sitecheck: 12 broken links,",
			},
		},
		{
			name:     "the budgets are flags",
			args:     append([]string{"--site", filepath.Join(fixtures, "budget"), "--page-budget", "1", "--css-budget", "1"}, skipTools...),
			wantExit: 1,
			want:     []string{"css/stor.css: CSS file is", "budget 1.0 KB", "2 over budget"},
		},
		{
			name:     "a missing site directory is an error",
			args:     []string{"--site", filepath.Join(noTools, "public")},
			wantExit: 1,
			want:     []string{"site directory"},
		},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			out, code := checkCmd(t, sc.ci, sc.args...)
			if code != sc.wantExit {
				t.Errorf("exit code %d; want %d\n%s", code, sc.wantExit, out)
			}
			for _, w := range sc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}
