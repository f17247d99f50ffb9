package records

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// PageOf is where the page that shows a record is, by the content
// layout's Location methods; false for a record without a page (or whose
// parent is gone). Members, links and grant rounds are shown on their
// report's page.
func PageOf(app core.App, r *core.Record) (content.Location, bool) {
	year := func(rec *core.Record) int { return rec.GetInt(schema.FieldYear) }
	slug := r.GetString(schema.FieldSlug)
	switch name := r.Collection().Name; name {
	case schema.Reports:
		return content.Report{Year: year(r)}.Location(), true
	case schema.Sections, schema.Memberships, schema.Links, schema.GrantRounds:
		report, err := app.FindRecordById(schema.Reports, r.GetString(schema.FieldReport))
		if err != nil {
			return content.Location{}, false
		}
		if name == schema.Sections {
			return content.Section{Slug: slug}.Location(year(report)), true
		}
		return content.Report{Year: year(report)}.Location(), true
	case schema.Projects:
		return content.Project{Slug: slug}.Location(), true
	case schema.Meetings:
		return content.Meeting{Year: year(r)}.Location(), true
	case schema.Committees:
		return content.Committee{Slug: slug}.Location(), true
	case schema.CommitteeStatus:
		committee, err := app.FindRecordById(schema.Committees, r.GetString(schema.FieldCommittee))
		if err != nil {
			return content.Location{}, false
		}
		return content.CommitteeStatus{Year: year(r)}.Location(committee.GetString(schema.FieldSlug)), true
	}
	for taxonomy, collection := range schema.TermCollections {
		if r.Collection().Name == collection {
			return content.Term{Taxonomy: taxonomy, Slug: slug}.Location(), true
		}
	}
	return content.Location{}, false
}
