package records

import (
	"github.com/pocketbase/dbx"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Terms: tema, pasientgrupper, partnere and ordninger ⇄ content.Term. A
// term has a status as a page does; a page's relation to a term that is not
// public is left out of the export (termSlugs knows only the terms loaded).

func (l *loader) terms() ([]content.Term, error) {
	var terms []content.Term
	for _, taxonomy := range content.Taxonomies {
		recs, err := l.find(schema.TermCollections[taxonomy], "", schema.FieldSlug, nil)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			l.slugs[r.Id] = r.GetString(schema.FieldSlug)
			if live, ok := l.live[r.Id]; ok {
				// Pages name the live term, whose place its working copy
				// takes in the preview.
				l.slugs[live.Id] = r.GetString(schema.FieldSlug)
			}
			terms = append(terms, content.Term{
				Taxonomy:    taxonomy,
				Slug:        r.GetString(schema.FieldSlug),
				Title:       r.GetString(schema.FieldName),
				Draft:       l.draft(r, nil),
				WorkingCopy: l.workingCopy(r),
				Body:        r.GetString(schema.FieldBody),
			})
		}
	}
	return terms, nil
}

func (s *saver) terms(terms []content.Term) error {
	for _, t := range terms {
		rec, err := s.upsert(t.Location().File, schema.TermCollections[t.Taxonomy], dbx.HashExp{"slug": t.Slug}, func(f *fields) {
			f.set(schema.FieldSlug, t.Slug)
			f.set(schema.FieldName, t.Title)
			f.status(t.Draft)
			f.set(schema.FieldBody, t.Body)
		})
		if err != nil {
			return err
		}
		s.termIDs[t.Taxonomy+"/"+t.Slug] = rec.Id
	}
	return nil
}
