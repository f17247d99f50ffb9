package site_test

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// jsonName is the name a content key has in the data files where it is
// not the same: the TOML keys Hugo requires are English.
var jsonName = map[string]string{"title": "tittel", "description": "ingress", "weight": "rekkefolge", "date": "dato", "bilde_alt": "bilde"}

// readData reads a data file of the built site by its address.
func readData(t *testing.T, out, address string) map[string]any {
	t.Helper()
	u, err := url.Parse(address)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(u.Path)))
	if err != nil {
		t.Fatalf("data file %s: %v", address, err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("data file %s: %v", address, err)
	}
	return doc
}

// hasEveryKey fails for a key of the content struct v (its TOML keys,
// those of an embedded image too) that obj does not have: a field added to
// the content model and forgotten in the data files.
func hasEveryKey(t *testing.T, what string, v any, obj map[string]any) {
	t.Helper()
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for i := range rt.NumField() {
			f := rt.Field(i)
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			key, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			// Not content for reuse: a preview's marks, and the old
			// addresses, which the site redirects.
			if key == "-" || key == "draft" || key == "arbeidskopi" || key == "aliases" {
				continue
			}
			if name, ok := jsonName[key]; ok {
				key = name
			}
			if _, ok := obj[key]; !ok {
				t.Errorf("%s in the data files has no %q (content.%s.%s)", what, key, rt.Name(), f.Name)
			}
		}
	}
	walk(reflect.TypeOf(v))
}

func orNull(v any, zero bool) any {
	if zero {
		return nil
	}
	return v
}

// TestContentAsData: the data files hold every published report with its
// parts, every project and every meeting, one file per type and year
// listed in index.json, with every field of the content model, and the
// same values as the content.
func TestContentAsData(t *testing.T) {
	tree := contenttest.EdgeCases()
	out := build(t, writeTree(t, tree))
	index := readData(t, out, "/data/v1/index.json")
	if index["versjon"] != 1.0 {
		t.Errorf("index.json versjon %v; want 1", index["versjon"])
	}
	files := map[string]map[string]any{} // type/year → document
	for _, f := range index["filer"].([]any) {
		f := f.(map[string]any)
		doc := readData(t, out, f["url"].(string))
		if doc["versjon"] != 1.0 || doc["type"] != f["type"] || doc["aar"] != f["aar"] {
			t.Errorf("%s says versjon %v, type %v, aar %v; want 1, %v, %v", f["url"], doc["versjon"], doc["type"], doc["aar"], f["type"], f["aar"])
		}
		files[f["type"].(string)+"/"+jsonNumber(f["aar"])] = doc
	}

	years := map[string]int{}
	for _, p := range tree.Projects {
		years[jsonNumber(float64(p.Year))]++
	}
	for _, r := range tree.Reports {
		doc := files["arsrapporter/"+jsonNumber(float64(r.Year))]
		if doc == nil {
			t.Fatalf("no data file for the report of %d; files %v", r.Year, keys(files))
		}
		got := doc["arsrapport"].(map[string]any)
		hasEveryKey(t, "a report", content.Report{}, got)
		if got["tittel"] != r.Title || len(got["deler"].([]any)) != len(r.Sections) || len(got["medlemmer"].([]any)) != len(r.Members) || len(got["lenker"].([]any)) != len(r.Links) {
			t.Errorf("report %d: %v; want title %q, %d parts, %d members, %d links", r.Year, got, r.Title, len(r.Sections), len(r.Members), len(r.Links))
		}
		for i, part := range got["deler"].([]any) {
			part := part.(map[string]any)
			hasEveryKey(t, "a report's part", content.Section{}, part)
			if part["tittel"] != r.Sections[i].Title || part["slug"] != r.Sections[i].Slug {
				t.Errorf("report %d part %d: %v; want %q (%s)", r.Year, i, part, r.Sections[i].Title, r.Sections[i].Slug)
			}
		}
		for _, m := range got["medlemmer"].([]any) {
			hasEveryKey(t, "a member", content.Member{}, m.(map[string]any))
		}
		for _, l := range got["lenker"].([]any) {
			hasEveryKey(t, "a link", content.Link{}, l.(map[string]any))
		}
		if r.GrantRound != nil {
			hasEveryKey(t, "a grant round", content.GrantRound{}, got["tilskuddsrunde"].(map[string]any))
		}
	}
	for _, p := range tree.Projects {
		doc := files["prosjekter/"+jsonNumber(float64(p.Year))]
		if doc == nil {
			t.Fatalf("no data file for the projects of %d; files %v", p.Year, keys(files))
		}
		list := doc["prosjekter"].([]any)
		if len(list) != years[jsonNumber(float64(p.Year))] {
			t.Errorf("projects of %d: %d in the data; want %d", p.Year, len(list), years[jsonNumber(float64(p.Year))])
		}
		var got map[string]any
		for _, item := range list {
			if item.(map[string]any)["slug"] == p.Slug {
				got = item.(map[string]any)
			}
		}
		if got == nil {
			t.Fatalf("project %s is not in the data of %d", p.Slug, p.Year)
		}
		hasEveryKey(t, "a project", content.Project{}, got)
		want := map[string]any{
			"tittel": p.Title, "aar": float64(p.Year), "belop": orNull(float64(p.Amount), p.Amount == 0),
			"fremdrift": orNull(p.Progress, p.Progress == ""), "periode_fra": orNull(float64(p.From), p.From == 0),
			"periode_til": orNull(float64(p.Until), p.Until == 0), "kontakt": orNull(p.Contact, p.Contact == ""),
			"kontakt_epost": orNull(p.ContactEmail, p.ContactEmail == ""), "resultater": orNull(p.Results, p.Results == ""),
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("project %s: %s = %#v; want %#v", p.Slug, k, got[k], v)
			}
		}
	}
	for _, m := range tree.Meetings {
		doc := files["partnerskapsmoter/"+jsonNumber(float64(m.Year))]
		if doc == nil {
			t.Fatalf("no data file for the meeting of %d; files %v", m.Year, keys(files))
		}
		got := doc["partnerskapsmoter"].([]any)[0].(map[string]any)
		hasEveryKey(t, "a meeting", content.Meeting{}, got)
		state := m.State
		if state == "" {
			state = content.MeetingPlanned
		}
		if got["tittel"] != m.Title || got["dato"] != m.Date.String() || got["tilstand"] != state || got["utfall"] != orNull(m.Outcome, m.Outcome == "") {
			t.Errorf("meeting %d: %v; want %q on %s, %s, outcome %q", m.Year, got, m.Title, m.Date, state, m.Outcome)
		}
	}
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func keys(m map[string]map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
