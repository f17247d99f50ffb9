package site_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/browser/browsertest"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// filterCase is one visit to the projects overview: an address query, then
// values chosen in the filter's selects, then perhaps «Vis alle».
type filterCase struct {
	Query  string            `json:"query"`
	Choose map[string]string `json:"choose"`
	Reset  bool              `json:"reset"`
}

// wanted is what the filter should show: the projects matching every
// value chosen (or given in the query), by the content's own fields.
func (c filterCase) wanted(tree *content.Tree) (paths []string, years []string) {
	chosen := map[string]string{}
	if !c.Reset {
		for _, kv := range strings.Split(strings.TrimPrefix(c.Query, "?"), "&") {
			if k, v, ok := strings.Cut(kv, "="); ok {
				chosen[k] = v
			}
		}
		for k, v := range c.Choose {
			chosen[k] = v
		}
	}
	for _, p := range tree.Projects {
		fields := map[string][]string{"aar": {fmt.Sprint(p.Year)}, "pasientgrupper": p.PatientGroups, "partnere": p.Partners, "ordninger": p.Schemes}
		ok := true
		for k, v := range chosen {
			ok = ok && slices.Contains(fields[k], v)
		}
		if ok {
			paths = append(paths, p.Location().URL)
			if y := fmt.Sprintf("ar-%d", p.Year); !slices.Contains(years, y) {
				years = append(years, y)
			}
		}
	}
	return paths, years
}

// TestProjectFilter drives the projects overview's filter in Chromium: it
// shows the projects that match every chosen value together, hides the
// years left empty, says how many it shows (or that none match), keeps the
// choice in the address and reads it back from a shared link; «Vis alle»
// shows all again; without JavaScript the form is hidden and every project
// is listed.
func TestProjectFilter(t *testing.T) {
	node, chromium, root := browsertest.Tools(t)
	tree := contenttest.EdgeCases()
	tree.Projects = append(tree.Projects,
		content.Project{Slug: "partner-a", Title: "Med partner A", Year: 2031, Weight: 3, Partners: []string{"a"}},
		content.Project{Slug: "barn", Title: "For barn", Year: 2030, Weight: 1, PatientGroups: []string{"barn-og-unge"}, Schemes: []string{"ordning"}},
	)
	out := build(t, writeTree(t, tree))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(out))}
	go srv.Serve(ln)
	defer srv.Close()

	cases := []filterCase{
		{Choose: map[string]string{"aar": "2031"}},
		{Choose: map[string]string{"pasientgrupper": "barn-og-unge"}},
		{Choose: map[string]string{"aar": "2030", "pasientgrupper": "barn-og-unge", "ordninger": "ordning"}},
		{Choose: map[string]string{"aar": "2030", "partnere": "a"}},
		{Query: "?aar=2031&partnere=a"},
		{Query: "?partnere=b", Reset: true},
	}
	input, _ := json.Marshal(map[string]any{"root": root, "chromium": chromium, "base": "http://" + ln.Addr().String(), "cases": cases})
	cmd := exec.Command(node, filepath.Join("testdata", "project-filter.cjs"))
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("filter in Chromium: %v\n%s", err, stderr.String())
	}
	var got struct {
		Cases []struct {
			Shown   []string `json:"shown"`
			Years   []string `json:"years"`
			Status  string   `json:"status"`
			Address string   `json:"address"`
		} `json:"cases"`
		NoScript struct {
			FormHidden bool     `json:"formHidden"`
			Shown      []string `json:"shown"`
		} `json:"noScript"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		g := got.Cases[i]
		paths, years := c.wanted(tree)
		slices.Sort(paths)
		slices.Sort(years)
		slices.Sort(g.Shown)
		slices.Sort(g.Years)
		if !slices.Equal(g.Shown, paths) || !slices.Equal(g.Years, years) {
			t.Errorf("%+v shows %q in %q; want %q in %q", c, g.Shown, g.Years, paths, years)
		}
		status := fmt.Sprintf("Viser %d av %d prosjekter.", len(paths), len(tree.Projects))
		if len(paths) == 0 {
			status = "Ingen prosjekter passer til alle valgene."
		}
		if !strings.HasPrefix(g.Status, status) {
			t.Errorf("%+v says %q; want %q", c, g.Status, status)
		}
		if c.Reset && g.Address != "" {
			t.Errorf("after «Vis alle» the address keeps %q", g.Address)
		}
		if len(c.Choose) > 0 && !c.Reset {
			for k, v := range c.Choose {
				if !strings.Contains(g.Address, k+"="+v) {
					t.Errorf("%+v: the address %q does not keep %s=%s", c, g.Address, k, v)
				}
			}
		}
	}
	all, _ := filterCase{}.wanted(tree)
	slices.Sort(all)
	slices.Sort(got.NoScript.Shown)
	if !got.NoScript.FormHidden || !slices.Equal(got.NoScript.Shown, all) {
		t.Errorf("without JavaScript: form hidden %v, shown %q; want hidden and every project %q", got.NoScript.FormHidden, got.NoScript.Shown, all)
	}
}
