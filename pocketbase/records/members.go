package records

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Members: medlemskap ⇄ content.Member, listed in their report's file in
// the order of rekkefolge. Every field but erstatter has its record's name.

const (
	fieldReplaces = "erstatter"
	fieldOrgan    = "organ"
)

func (l *loader) members(report *core.Record) ([]content.Member, error) {
	recs, err := l.children(schema.Memberships, report, "rekkefolge,navn")
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, r := range recs {
		names[r.Id] = r.GetString(schema.FieldName)
	}
	var members []content.Member
	for _, r := range recs {
		m := content.Member{Replaces: names[r.GetString(fieldReplaces)]}
		loadNamed(r, &m)
		members = append(members, m)
	}
	return members, nil
}

// members saves a report's members in two passes, since "erstatter" may
// point to a member later in the file, and removes those no longer listed.
func (s *saver) members(report *core.Record, file string, members []content.Member) error {
	kept := map[string]bool{}
	ids := map[string]string{} // organ/name → record id
	for i, m := range members {
		rec, err := s.upsert(file, schema.Memberships, dbx.HashExp{"rapport": report.Id, "organ": m.Organ, "navn": m.Name}, func(f *fields) {
			f.set(schema.FieldReport, report.Id)
			f.named(m)
			f.set(schema.FieldOrder, i+1)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
		ids[m.Organ+"/"+m.Name] = rec.Id
	}
	for _, m := range members {
		rec, err := s.app.FindRecordById(schema.Memberships, ids[m.Organ+"/"+m.Name])
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		replaces := ""
		if m.Replaces != "" {
			replaces = ids[m.Organ+"/"+m.Replaces]
		}
		if rec.GetString(fieldReplaces) == replaces {
			continue
		}
		rec.Set(fieldReplaces, replaces)
		if err := s.app.SaveWithContext(importing, rec); err != nil {
			return saveError(file, rec, err)
		}
		if c := s.summary.add(schema.Memberships); c.Unchanged > 0 {
			c.Unchanged--
			c.Updated++
		}
	}
	return s.removeOthers(schema.Memberships, report, kept)
}
