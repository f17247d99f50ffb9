package records

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Committees: faglige_utvalg ⇄ content.Committee, and utvalgsstatus ⇄
// content.CommitteeStatus, a committee's status text for a year. The year
// founded (etablert) and a status's year (aar) have their record's names.

const fieldEstablished = "etablert" // 0: not known

func (l *loader) committees() ([]content.Committee, error) {
	recs, err := l.find(schema.Committees, "", schema.FieldSlug, nil)
	if err != nil {
		return nil, err
	}
	var committees []content.Committee
	for _, r := range recs {
		c := content.Committee{
			Slug:         r.GetString(schema.FieldSlug),
			Title:        r.GetString(schema.FieldTitle),
			Draft:        l.draft(r, nil),
			WorkingCopy:  l.workingCopy(r),
			Description:  r.GetString(schema.FieldDescription),
			Weight:       r.GetInt(schema.FieldOrder),
			Dates:        l.dates(r),
			OldAddresses: l.oldAddresses(r),
			Body:         r.GetString(schema.FieldBody),
		}
		loadNamed(r, &c)
		if c.Statuses, err = l.statuses(r); err != nil {
			return nil, err
		}
		committees = append(committees, c)
	}
	return committees, nil
}

func (s *saver) committee(c content.Committee) error {
	committee, err := s.upsert(c.Location().File, schema.Committees, dbx.HashExp{"slug": c.Slug}, func(f *fields) {
		f.set(schema.FieldSlug, c.Slug)
		f.set(schema.FieldTitle, c.Title)
		f.status(c.Draft)
		f.set(schema.FieldDescription, c.Description)
		f.set(schema.FieldOrder, c.Weight)
		f.set(schema.FieldBody, c.Body)
		f.dates(c.Dates)
		f.oldAddresses(c.OldAddresses)
		f.named(c)
	})
	if err != nil {
		return err
	}
	return s.statuses(committee, c.Slug, c.Statuses)
}

func (l *loader) statuses(committee *core.Record) ([]content.CommitteeStatus, error) {
	recs, err := l.children(schema.CommitteeStatus, committee, schema.FieldYear)
	if err != nil {
		return nil, err
	}
	var statuses []content.CommitteeStatus
	for _, r := range recs {
		st := content.CommitteeStatus{
			Title:        r.GetString(schema.FieldTitle),
			Draft:        l.draft(r, committee),
			WorkingCopy:  l.workingCopy(r),
			Dates:        l.dates(r),
			OldAddresses: l.oldAddresses(r),
			Body:         r.GetString(schema.FieldBody),
		}
		loadNamed(r, &st)
		statuses = append(statuses, st)
	}
	return statuses, nil
}

func (s *saver) statuses(committee *core.Record, slug string, statuses []content.CommitteeStatus) error {
	for _, st := range statuses {
		_, err := s.upsert(st.Location(slug).File, schema.CommitteeStatus, dbx.HashExp{"utvalg": committee.Id, "aar": st.Year}, func(f *fields) {
			f.set(schema.FieldCommittee, committee.Id)
			f.set(schema.FieldTitle, st.Title)
			f.status(st.Draft)
			f.set(schema.FieldBody, st.Body)
			f.dates(st.Dates)
			f.oldAddresses(st.OldAddresses)
			f.named(st)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
