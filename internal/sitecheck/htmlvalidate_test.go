package sitecheck

import (
	"context"
	"fmt"
	"regexp"
	"testing"
)

// ruleOf finds the html-validate rule in a problem's message, so that the
// test does not depend on the wording of html-validate's messages.
var ruleOf = regexp.MustCompile(`\((?:error|warning) ([a-z0-9-]+), column \d+\)$`)

func TestCheckHTML(t *testing.T) {
	tl := needTools(t, false, "html-validate")
	scenarios := []struct {
		dir  string
		want []string // file:line rule
	}{
		// Lowercase doctype and unquoted attributes, as Hugo's minifier
		// writes them, pass under the repository's configuration.
		{dir: "html/ok"},
		{dir: "html/bad", want: []string{
			"index.html:10 no-dup-id",
			"index.html:11 element-permitted-content",
			"index.html:12 deprecated",
			"index.html:13 no-implicit-button-type",
		}},
	}
	for _, sc := range scenarios {
		t.Run(sc.dir, func(t *testing.T) {
			res := checkHTML(context.Background(), readFixture(t, sc.dir, "/"), tl)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			var got []string
			for _, p := range res.Problems {
				m := ruleOf.FindStringSubmatch(p.Message)
				if m == nil {
					t.Fatalf("problem without a rule: %s", p)
				}
				got = append(got, fmt.Sprintf("%s:%d %s", p.File, p.Line, m[1]))
			}
			sameLines(t, got, sc.want)
		})
	}
}
