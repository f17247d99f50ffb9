package migrations

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
	"github.com/pocketbase/pocketbase/tools/types"
)

// noBackRelations keeps the public from filtering or sorting through a
// back-relation (such as prosjekter_via_tema). PocketBase applies the
// related collection's list rule to a join, but not to the subquery behind
// an "all of them" condition (tekst !~ 'x', id != 'y', :each, :length): on
// a term, "prosjekter_via_tema.tekst !~ 'x'" counted the drafts, so its
// answer told a visitor the text of a draft project, one guess at a time.
// Nothing public needs such a filter (the site and `ssu build --from` use
// none); editors are superusers, whom rules do not limit. The clause also
// holds for the filter of a realtime subscription. A ~ pattern without %
// is matched literally, so '_via_' is the text, not a wildcard.
// (A query parameter that is not given is NULL, hence :isset.)
const noBackRelations = "(@request.query.filter:isset = false || @request.query.filter !~ '_via_') && " +
	"(@request.query.sort:isset = false || @request.query.sort !~ '_via_')"

// contentCollections are those the public may read.
var contentCollections = []string{
	"tema", "pasientgrupper", "partnere", "ordninger",
	"arsrapporter", "rapportdeler", "medlemskap", "lenker", "tilskuddsrunder",
	"prosjekter", "partnerskapsmoter", "faglige_utvalg", "utvalgsstatus",
}

func init() {
	m.Register(func(app core.App) error {
		return eachReadRule(app, func(rule string) string {
			if rule == "" {
				return noBackRelations
			}
			return "(" + rule + ") && " + noBackRelations
		})
	}, func(app core.App) error {
		return eachReadRule(app, func(rule string) string {
			if rule == noBackRelations {
				return ""
			}
			rule = strings.TrimSuffix(rule, ") && "+noBackRelations)
			return strings.TrimPrefix(rule, "(")
		})
	})
}

// eachReadRule replaces the list and view rule of every content collection.
func eachReadRule(app core.App, change func(string) string) error {
	for _, name := range contentCollections {
		c, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		for _, rule := range []**string{&c.ListRule, &c.ViewRule} {
			if *rule == nil {
				return fmt.Errorf("%s is not readable by the public", name)
			}
			*rule = types.Pointer(change(**rule))
		}
		if err := app.Save(c); err != nil {
			return fmt.Errorf("read rules of %s: %w", name, err)
		}
	}
	return nil
}
