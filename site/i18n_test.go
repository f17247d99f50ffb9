package site_test

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

var (
	// literalKey is an i18n key written out in a template: T "key", or
	// one passed on as "key" "name" (a menu item), "label" "name" (to a
	// partial that looks it up) or "desc"/"unit" "name" (a key figure).
	literalKey = regexp.MustCompile(`\bT "([^"]+)"|"(?:key|label|desc|unit)" "([^"]+)"`)
	// keyPrefix is a key made from a prefix and a value: T (printf "p-%s" x).
	keyPrefix = regexp.MustCompile(`\bT \(printf "([^"%]*)%s"`)
)

// keysByValue are the values each made key stands for, where they are
// defined in Go.
var keysByValue = map[string][]string{
	"section-":      slices.Concat([]string{content.ReportsDir, content.ProjectsDir, content.MeetingsDir, content.CommitteesDir}, content.Taxonomies),
	"organ-":        content.MemberBodies,
	"role-":         content.MemberRoles,
	"meetingState-": content.MeetingStates,
	"progress-":     content.ProjectProgress,
	"dataType-":     {content.ReportsDir, content.ProjectsDir, content.MeetingsDir},
	"termAbout-":    content.Taxonomies,
	"term-":         content.Taxonomies,
}

// TestI18nKeys: every key a template uses is in nb.toml, every key in
// nb.toml is used, and a key made from a stored value exists for each
// value, so a new body, role or section cannot go without its name.
func TestI18nKeys(t *testing.T) {
	var messages map[string]any
	if _, err := toml.DecodeFile(filepath.Join("i18n", "nb.toml"), &messages); err != nil {
		t.Fatal(err)
	}
	defined := slices.Sorted(maps.Keys(messages))

	used := map[string]bool{}
	prefixes := map[string]bool{}
	err := filepath.WalkDir("layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(data), -1) {
			used[m[1]+m[2]] = true
		}
		for _, m := range keyPrefix.FindAllStringSubmatch(string(data), -1) {
			prefixes[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for prefix := range prefixes {
		values, ok := keysByValue[prefix]
		if !ok {
			t.Errorf("a template makes i18n keys «%s…»; say in keysByValue which values they stand for", prefix)
		}
		for _, v := range values {
			used[prefix+v] = true
		}
	}
	for _, key := range slices.Sorted(maps.Keys(used)) {
		if !slices.Contains(defined, key) {
			t.Errorf("i18n key %q is used but not in nb.toml", key)
		}
	}
	for _, key := range defined {
		if !used[key] {
			t.Errorf("i18n key %q in nb.toml is not used by any template", key)
		}
	}
}

// TestMemberBodiesParam: the site lists the bodies content.MemberBodies
// allows, in its order.
func TestMemberBodiesParam(t *testing.T) {
	var config struct {
		Params struct {
			MemberBodies []string `toml:"memberBodies"`
		} `toml:"params"`
	}
	if _, err := toml.DecodeFile("hugo.toml", &config); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(config.Params.MemberBodies, ", "), strings.Join(content.MemberBodies, ", "); got != want {
		t.Errorf("params.memberBodies in hugo.toml = %s; want content.MemberBodies, %s", got, want)
	}
}
