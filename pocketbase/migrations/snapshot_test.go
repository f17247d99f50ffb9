package migrations_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
)

var updateSnapshot = flag.Bool("update", false, "rewrite testdata/schema.json from the migrations")

// snapshotFile is the schema a fresh database has after the migrations.
var snapshotFile = filepath.Join("testdata", "schema.json")

// TestSchemaSnapshot builds a fresh database and compares its schema (every
// collection with its fields, rules and indexes, and the settings the
// migrations set) with testdata/schema.json, so that every schema change is
// a visible diff in that file. `go test -run TestSchemaSnapshot -update`
// rewrites it.
func TestSchemaSnapshot(t *testing.T) {
	got := schemaSnapshot(t, pbtest.NewApp(t))
	if *updateSnapshot {
		if err := os.WriteFile(snapshotFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(snapshotFile)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the migrated schema differs from %s; if the change is meant, run `go test ./pocketbase/migrations/ -run TestSchemaSnapshot -update` and commit the diff:\n%s",
			snapshotFile, firstDifference(string(want), string(got)))
	}
}

// schemaSnapshot is the schema of app as indented JSON: the collections by
// name, each as PocketBase exports it (without token secrets) with its
// timestamps blanked (they differ per database), and the rate limits.
func schemaSnapshot(t *testing.T, app core.App) []byte {
	t.Helper()
	collections, err := app.FindAllCollections()
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(collections, func(a, b *core.Collection) int { return strings.Compare(a.Name, b.Name) })
	for _, c := range collections {
		c.Created, c.Updated = types.DateTime{}, types.DateTime{}
	}
	out, err := json.MarshalIndent(struct {
		Collections []*core.Collection    `json:"collections"`
		RateLimits  core.RateLimitsConfig `json:"rateLimits"`
	}{collections, app.Settings().RateLimits}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	// Rules read better with && and > than with their JSON escapes (no
	// text in the schema has a backslash that could make this ambiguous).
	return []byte(unescapeHTML.Replace(string(out)) + "\n")
}

var unescapeHTML = strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">")

// firstDifference shows where got first departs from want, with a few
// lines of each around it: enough to see what changed without a diff tool.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	excerpt := func(lines []string) string {
		var b strings.Builder
		for j := max(i-3, 0); j < min(i+6, len(lines)); j++ {
			mark := "  "
			if j == i {
				mark = "> "
			}
			b.WriteString(mark + lines[j] + "\n")
		}
		return b.String()
	}
	return fmt.Sprintf("first difference at line %d (>)\nwant:\n%sgot:\n%s", i+1, excerpt(w), excerpt(g))
}
