package records

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Links: lenker ⇄ content.Link, the sources a report cites, in the order
// of rekkefolge.

const fieldURL = "url"

func (l *loader) links(report *core.Record) ([]content.Link, error) {
	recs, err := l.children(schema.Links, report, "rekkefolge,url")
	if err != nil {
		return nil, err
	}
	var links []content.Link
	for _, r := range recs {
		link := content.Link{Title: r.GetString(schema.FieldTitle)}
		loadNamed(r, &link)
		links = append(links, link) // one stored before a rule is left out by Prune

	}
	return links, nil
}

func (s *saver) links(report *core.Record, file string, links []content.Link) error {
	kept := map[string]bool{}
	for i, l := range links {
		rec, err := s.upsert(file, schema.Links, dbx.HashExp{"rapport": report.Id, "url": l.URL}, func(f *fields) {
			f.set(schema.FieldReport, report.Id)
			f.set(schema.FieldTitle, l.Title)
			f.named(l)
			f.set(schema.FieldOrder, i+1)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
	}
	return s.removeOthers(schema.Links, report, kept)
}
