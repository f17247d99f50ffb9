package site_test

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

// figureColumns are the data files' columns after aar, in order.
var figureColumns = []string{"moter", "soknader", "innvilget", "kutt_prosent", "belop_kr", "tilskuddsprosjekter", "prosjekter"}

// expectedFigures derives the key figures of each year from the content
// model: -1 where a report does not give a figure.
func expectedFigures(t *testing.T, tree *content.Tree) map[int][]int {
	t.Helper()
	var cfg struct {
		Params struct {
			GrantScheme string `toml:"grantScheme"`
		} `toml:"params"`
	}
	if _, err := toml.DecodeFile("hugo.toml", &cfg); err != nil || cfg.Params.GrantScheme == "" {
		t.Fatalf("hugo.toml params.grantScheme: %v", err)
	}
	given := func(n int) int {
		if n == 0 {
			return -1
		}
		return n
	}
	want := map[int][]int{}
	for _, r := range tree.Reports {
		round := content.GrantRound{}
		if r.GrantRound != nil {
			round = *r.GrantRound
		}
		grant, all := 0, 0
		for _, p := range tree.Projects {
			if p.Year != r.Year {
				continue
			}
			all++
			if slices.Contains(p.Schemes, cfg.Params.GrantScheme) {
				grant++
			}
		}
		want[r.Year] = []int{given(r.MeetingCount), given(round.Applications), given(round.Granted), given(round.CutPercent), given(round.Amount), grant, all}
	}
	return want
}

// TestKeyFigures: the key-figures table, its CSV and its JSON hold the same
// numbers, and they are the content model's.
func TestKeyFigures(t *testing.T) {
	dir := contenttest.SeedDir()
	tree, err := content.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := expectedFigures(t, tree)
	out := build(t, dir)

	// CSV: a header, then a row a year; an empty cell is not given.
	f, err := os.Open(filepath.Join(out, "nokkeltall", "nokkeltall.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != "aar,"+strings.Join(figureColumns, ",") {
		t.Errorf("CSV header %q; want aar and %v", got, figureColumns)
	}
	fromCSV := map[int][]int{}
	for _, rec := range records[1:] {
		year, _ := strconv.Atoi(rec[0])
		for _, cell := range rec[1:] {
			n := -1
			if cell != "" {
				if n, err = strconv.Atoi(cell); err != nil {
					t.Fatalf("CSV cell %q: %v", cell, err)
				}
			}
			fromCSV[year] = append(fromCSV[year], n)
		}
	}

	// JSON: described columns, and rows with null where not given.
	data, err := os.ReadFile(filepath.Join(out, "nokkeltall", "nokkeltall.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version int `json:"versjon"`
		Columns []struct {
			Name        string `json:"navn"`
			Description string `json:"beskrivelse"`
		} `json:"kolonner"`
		Rows []map[string]*int `json:"rader"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range doc.Columns {
		names = append(names, c.Name)
		if c.Description == "" {
			t.Errorf("JSON column %s is not described", c.Name)
		}
	}
	if doc.Version != 1 || !slices.Equal(names, append([]string{"aar"}, figureColumns...)) {
		t.Errorf("JSON version %d, columns %v; want 1 and aar, %v", doc.Version, names, figureColumns)
	}
	fromJSON := map[int][]int{}
	for _, row := range doc.Rows {
		year := *row["aar"]
		for _, c := range figureColumns {
			n := -1
			if v, ok := row[c]; !ok {
				t.Errorf("JSON row %d has no %s", year, c)
			} else if v != nil {
				n = *v
			}
			fromJSON[year] = append(fromJSON[year], n)
		}
	}

	// The table: a row a figure, a column a year.
	pageHTML, err := os.ReadFile(filepath.Join(out, "nokkeltall", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	table := regexp.MustCompile(`(?s)<table id=nokkeltall-tabell.*?</table>`).Find(pageHTML)
	cell := regexp.MustCompile(`(?s)<(th|td)[^>]*>(.*?)</(?:th|td)>`)
	tag := regexp.MustCompile(`<[^>]*>`)
	var years []int
	fromTable := map[int][]int{}
	for i, row := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllSubmatch(table, -1) {
		cells := cell.FindAllSubmatch(row[1], -1)
		for j, c := range cells[1:] {
			text := html.UnescapeString(tag.ReplaceAllString(string(c[2]), ""))
			if i == 0 {
				y, _ := strconv.Atoi(text)
				years = append(years, y)
				continue
			}
			n := -1
			if digits := regexp.MustCompile(`\D`).ReplaceAllString(text, ""); digits != "" {
				n, _ = strconv.Atoi(digits)
			}
			fromTable[years[j]] = append(fromTable[years[j]], n)
		}
	}

	for year, w := range want {
		for name, got := range map[string][]int{"table": fromTable[year], "CSV": fromCSV[year], "JSON": fromJSON[year]} {
			if !slices.Equal(got, w) {
				t.Errorf("%d in the %s: %v; want %v (-1: not given) from the content", year, name, got, w)
			}
		}
	}
	if len(fromTable) != len(want) || len(fromCSV) != len(want) || len(fromJSON) != len(want) {
		t.Errorf("years: table %d, CSV %d, JSON %d; want %d", len(fromTable), len(fromCSV), len(fromJSON), len(want))
	}

	text := page(t, out, "nokkeltall")
	for _, link := range []string{`href=/nokkeltall/nokkeltall.csv`, `href=/nokkeltall/nokkeltall.json`} {
		if !strings.Contains(string(pageHTML), link) {
			t.Errorf("the key-figures page does not link %s", link)
		}
	}
	contains(t, "nokkeltall", text, "Søknader innvilget")
	contains(t, "nokkeltall", text, "Alle prosjekter omtalt i rapporten")
}
