package main_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

type netlifyConfig struct {
	Build struct {
		Command     string
		Publish     string
		Environment map[string]string
	}
	Context map[string]struct{ Command string }
	Headers []struct {
		For    string
		Values map[string]string
	}
	Redirects []struct {
		From, To string
		Status   int
	}
}

// TestNetlifyConfig keeps netlify.toml in step with the code: the build
// uses our binary with search, Go matches go.mod, previews get their own
// baseURL, and every page gets the security headers.
func TestNetlifyConfig(t *testing.T) {
	var cfg netlifyConfig
	md, err := toml.DecodeFile("../../netlify.toml", &cfg)
	if err != nil {
		t.Fatalf("netlify.toml: %v", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		t.Errorf("netlify.toml has keys this test does not know: %v", undecoded)
	}

	if !strings.HasPrefix(cfg.Build.Command, "go run ./cmd/ssu build --search --out public") || !strings.Contains(cfg.Build.Command, `${SSU_CMS_URL:+--from "$SSU_CMS_URL"}`) || cfg.Build.Publish != "public" {
		t.Errorf("build command %q, publish %q; want ssu build --search into public", cfg.Build.Command, cfg.Build.Publish)
	}
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(gomod)
	if goVersion == nil || cfg.Build.Environment["GO_VERSION"] != string(goVersion[1]) {
		t.Errorf("GO_VERSION = %q; want go.mod's %q", cfg.Build.Environment["GO_VERSION"], goVersion)
	}
	for _, name := range []string{"deploy-preview", "branch-deploy"} {
		if !strings.Contains(cfg.Context[name].Command, `--baseURL "$DEPLOY_PRIME_URL"`) {
			t.Errorf("context %s builds with %q; want the preview's own URL as baseURL", name, cfg.Context[name].Command)
		}
	}

	var all map[string]string
	for _, h := range cfg.Headers {
		if h.For == "/*" {
			all = h.Values
		}
	}
	for _, name := range []string{"Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy", "X-Content-Type-Options", "Permissions-Policy"} {
		if all[name] == "" {
			t.Errorf("header %s is not set for every page", name)
		}
	}
	csp := all["Content-Security-Policy"]
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "'unsafe-eval'") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP %q allows inline code or eval, or other hosts by default", csp)
	}
	if all["X-Content-Type-Options"] != "nosniff" {
		t.Errorf("X-Content-Type-Options = %q", all["X-Content-Type-Options"])
	}

	cached := map[string]bool{}
	for _, h := range cfg.Headers {
		if strings.Contains(h.Values["Cache-Control"], "immutable") {
			cached[h.For] = true
		}
	}
	for _, path := range []string{"/css/*", "/js/*"} {
		if !cached[path] {
			t.Errorf("fingerprinted assets under %s get no long cache", path)
		}
	}
	if len(cfg.Redirects) == 0 || cfg.Redirects[0].To != "/404.html" || cfg.Redirects[0].Status != 404 {
		t.Errorf("redirects %+v; want unknown addresses to get /404.html with status 404", cfg.Redirects)
	}
}
