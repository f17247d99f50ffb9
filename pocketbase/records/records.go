// Package records moves the SSU content between PocketBase records and the
// content tree: Load reads what is published, Save (the importer) writes a
// tree into the database by natural keys. Each content type's mapping has
// a file of its own (terms.go, reports.go, sections.go, …) with its load
// and save side by side. The package also holds the record hooks that keep
// stored values in the one form the files are written in.
package records

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// Load reads everything that is public at now into a content tree. A
// record that cannot be published is left out (a link to it shown as plain
// text) and named in the problems: it never stops the others.
func Load(app core.App, now time.Time) (*content.Tree, []content.Problem, error) {
	return newLoader(app, now, false).tree()
}

// LoadPreview reads every record for the editors' preview, marking as a
// draft what is not public at now; it leaves out what Load does.
func LoadPreview(app core.App, now time.Time) (*content.Tree, []content.Problem, error) {
	return newLoader(app, now, true).tree()
}

// Save writes a content tree into the database in one transaction, matching
// records by their natural keys (year, slug, name). Everything in the tree
// is stored as published, except what it marks as a draft. Records that are
// not in the tree are kept, except the members and links of a report in
// it: the report file lists them all.
func Save(app core.App, tree *content.Tree) (Summary, error) {
	if err := tree.Validate(); err != nil {
		return nil, err
	}
	summary := Summary{}
	err := app.RunInTransaction(func(tx core.App) error {
		s := saver{app: tx, summary: summary, termIDs: map[string]string{}}
		return s.tree(tree)
	})
	if err != nil {
		return nil, err
	}
	return summary, nil
}

// importingKey marks the saves of an import: the tree was validated as a
// whole (links included), so the hooks skip the checks that need the
// rest of the site to be in the database already.
type importingKey struct{}

var importing = context.WithValue(context.Background(), importingKey{}, true)

// Counts says what an import did in one collection.
type Counts struct {
	Created, Updated, Unchanged, Removed int
}

// Summary is what an import did, by collection name.
type Summary map[string]*Counts

func (s Summary) add(collection string) *Counts {
	if s[collection] == nil {
		s[collection] = &Counts{}
	}
	return s[collection]
}

// String lists the collections in a stable order, one line each.
func (s Summary) String() string {
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	for _, name := range names {
		c := s[name]
		fmt.Fprintf(&b, "%-18s opprettet %3d  oppdatert %3d  uendret %3d  fjernet %3d\n", name, c.Created, c.Updated, c.Unchanged, c.Removed)
	}
	return b.String()
}

// Changed reports whether the import wrote anything.
func (s Summary) Changed() bool {
	for _, c := range s {
		if c.Created+c.Updated+c.Removed > 0 {
			return true
		}
	}
	return false
}
