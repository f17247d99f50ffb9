package records

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Sections: rapportdeler ⇄ content.Section, the ordered parts of a report.

func (l *loader) sections(report *core.Record) ([]content.Section, error) {
	recs, err := l.children(schema.Sections, report, "rekkefolge,slug")
	if err != nil {
		return nil, err
	}
	var sections []content.Section
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			l.leaveOut(content.Section{Slug: r.GetString(schema.FieldSlug)}.Location(report.GetInt(schema.FieldYear)), schema.FieldImage, err)
			continue
		}
		sections = append(sections, content.Section{
			Slug:         r.GetString(schema.FieldSlug),
			Title:        r.GetString(schema.FieldTitle),
			Draft:        l.draft(r, report),
			WorkingCopy:  l.workingCopy(r),
			Weight:       r.GetInt(schema.FieldOrder),
			Themes:       l.termSlugs(r, schema.FieldThemes),
			Group:        r.GetString(schema.FieldGroup),
			Dates:        l.dates(r),
			OldAddresses: l.oldAddresses(r),
			Image:        img,
			Body:         r.GetString(schema.FieldBody),
		})
	}
	return sections, nil
}

func (s *saver) sections(report *core.Record, year int, sections []content.Section) error {
	for _, sec := range sections {
		_, err := s.upsert(sec.Location(year).File, schema.Sections, dbx.HashExp{"rapport": report.Id, "slug": sec.Slug}, func(f *fields) {
			f.set(schema.FieldReport, report.Id)
			f.set(schema.FieldSlug, sec.Slug)
			f.set(schema.FieldTitle, sec.Title)
			f.status(sec.Draft)
			f.set(schema.FieldOrder, sec.Weight)
			f.terms(schema.FieldThemes, "tema", sec.Themes)
			f.set(schema.FieldGroup, sec.Group)
			f.image(sec.Image)
			f.set(schema.FieldBody, sec.Body)
			f.dates(sec.Dates)
			f.oldAddresses(sec.OldAddresses)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
