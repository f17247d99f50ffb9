package records

import (
	"github.com/pocketbase/dbx"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Projects: prosjekter ⇄ content.Project. Year (aar), amount (belop) and
// the project's course (fremdrift, periode_fra, periode_til, kontakt,
// kontakt_epost, resultater) have their record's names.

// Fields the save hooks check together.
const (
	fieldPeriodFrom   = "periode_fra"
	fieldPeriodUntil  = "periode_til"
	fieldContactEmail = "kontakt_epost"
)

func (l *loader) projects() ([]content.Project, error) {
	recs, err := l.find(schema.Projects, "", schema.FieldSlug, nil)
	if err != nil {
		return nil, err
	}
	var projects []content.Project
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			l.leaveOut(content.Project{Slug: r.GetString(schema.FieldSlug)}.Location(), schema.FieldImage, err)
			continue
		}
		p := content.Project{
			Slug:          r.GetString(schema.FieldSlug),
			Title:         r.GetString(schema.FieldTitle),
			Draft:         l.draft(r, nil),
			WorkingCopy:   l.workingCopy(r),
			Description:   r.GetString(schema.FieldDescription),
			Weight:        r.GetInt(schema.FieldOrder),
			Schemes:       l.termSlugs(r, schema.FieldSchemes),
			Partners:      l.termSlugs(r, schema.FieldPartners),
			PatientGroups: l.termSlugs(r, schema.FieldPatientGroups),
			Themes:        l.termSlugs(r, schema.FieldThemes),
			Dates:         l.dates(r),
			OldAddresses:  l.oldAddresses(r),
			Image:         img,
			Body:          r.GetString(schema.FieldBody),
		}
		loadNamed(r, &p)
		projects = append(projects, p)
	}
	return projects, nil
}

func (s *saver) project(p content.Project) error {
	_, err := s.upsert(p.Location().File, schema.Projects, dbx.HashExp{"slug": p.Slug}, func(f *fields) {
		f.set(schema.FieldSlug, p.Slug)
		f.set(schema.FieldTitle, p.Title)
		f.status(p.Draft)
		f.set(schema.FieldDescription, p.Description)
		f.set(schema.FieldOrder, p.Weight)
		f.terms(schema.FieldSchemes, "ordninger", p.Schemes)
		f.terms(schema.FieldPartners, "partnere", p.Partners)
		f.terms(schema.FieldPatientGroups, "pasientgrupper", p.PatientGroups)
		f.terms(schema.FieldThemes, "tema", p.Themes)
		f.image(p.Image)
		f.set(schema.FieldBody, p.Body)
		f.dates(p.Dates)
		f.oldAddresses(p.OldAddresses)
		f.named(p)
	})
	return err
}
