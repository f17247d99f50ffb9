package records

import (
	"strings"

	"github.com/pocketbase/dbx"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Meetings: partnerskapsmoter ⇄ content.Meeting, one a year. Year (aar),
// venue (sted), evaluation (evaluering), state (tilstand) and outcome
// (utfall) have their record's names.

const (
	fieldSpeakers = "innledere" // one a line
	fieldTopics   = "temaer"    // one a line
)

func (l *loader) meetings() ([]content.Meeting, error) {
	recs, err := l.find(schema.Meetings, "", schema.FieldYear, nil)
	if err != nil {
		return nil, err
	}
	var meetings []content.Meeting
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			l.leaveOut(content.Meeting{Year: r.GetInt(schema.FieldYear)}.Location(), schema.FieldImage, err)
			continue
		}
		m := content.Meeting{
			Title:        r.GetString(schema.FieldTitle),
			Draft:        l.draft(r, nil),
			WorkingCopy:  l.workingCopy(r),
			Date:         content.NewDate(r.GetDateTime(schema.FieldMeetingDate).Time()),
			Speakers:     lines(r.GetString(fieldSpeakers)),
			Topics:       lines(r.GetString(fieldTopics)),
			Dates:        l.dates(r),
			OldAddresses: l.oldAddresses(r),
			Image:        img,
			Body:         r.GetString(schema.FieldBody),
		}
		loadNamed(r, &m)
		meetings = append(meetings, m)
	}
	return meetings, nil
}

func (s *saver) meeting(m content.Meeting) error {
	_, err := s.upsert(m.Location().File, schema.Meetings, dbx.HashExp{"aar": m.Year}, func(f *fields) {
		f.set(schema.FieldTitle, m.Title)
		f.status(m.Draft)
		f.set(schema.FieldMeetingDate, m.Date.Time())
		f.set(fieldSpeakers, strings.Join(m.Speakers, "\n"))
		f.set(fieldTopics, strings.Join(m.Topics, "\n"))
		f.image(m.Image)
		f.set(schema.FieldBody, m.Body)
		f.dates(m.Dates)
		f.oldAddresses(m.OldAddresses)
		f.named(m)
	})
	return err
}
