package records

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

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

// Save writes a content tree into the database in one transaction, matching
// records by their natural keys (year, slug, name). Everything in the tree
// is stored as published, except what it marks as a draft. Records that are not in the tree are kept, except
// the members and links of a report in it: the report file lists them all.
func Save(app core.App, tree *content.Tree) (Summary, error) {
	if err := tree.Validate(); err != nil {
		return nil, err
	}
	summary := Summary{}
	err := app.RunInTransaction(func(tx core.App) error {
		s := saver{app: tx, summary: summary, termIDs: map[string]string{}}
		return s.save(tree)
	})
	if err != nil {
		return nil, err
	}
	return summary, nil
}

type saver struct {
	app     core.App
	summary Summary
	termIDs map[string]string // taxonomy/slug → record id
}

func (s *saver) save(tree *content.Tree) error {
	for _, t := range tree.Terms {
		file := path.Join(t.Taxonomy, t.Slug, "_index.md")
		rec, err := s.upsert(file, schema.TermCollections[t.Taxonomy], "slug = {:slug}", dbx.Params{"slug": t.Slug}, func(r *core.Record) {
			r.Set(schema.FieldName, t.Title)
			r.Set(schema.FieldSlug, t.Slug)
			r.Set(schema.FieldBody, t.Body)
		})
		if err != nil {
			return err
		}
		s.termIDs[t.Taxonomy+"/"+t.Slug] = rec.Id
	}
	for _, r := range tree.Reports {
		if err := s.report(r); err != nil {
			return err
		}
	}
	for _, p := range tree.Projects {
		file := path.Join(content.ProjectsDir, p.Slug+".md")
		_, err := s.upsert(file, schema.Projects, "slug = {:slug}", dbx.Params{"slug": p.Slug}, func(r *core.Record) {
			r.Set(schema.FieldTitle, p.Title)
			r.Set(schema.FieldSlug, p.Slug)
			r.Set(schema.FieldDescription, p.Description)
			r.Set(schema.FieldYear, p.Year)
			r.Set(schema.FieldOrder, p.Weight)
			r.Set("ordninger", s.ids("ordninger", p.Schemes))
			r.Set("partnere", s.ids("partnere", p.Partners))
			r.Set("pasientgrupper", s.ids("pasientgrupper", p.PatientGroups))
			r.Set(schema.FieldThemes, s.ids("tema", p.Themes))
			r.Set("belop", p.Amount)
			s.setImage(r, p.Image)
			r.Set(schema.FieldBody, p.Body)
			r.Set(schema.FieldStatus, status(p.Draft))
		})
		if err != nil {
			return err
		}
	}
	for _, m := range tree.Meetings {
		file := path.Join(content.MeetingsDir, strconv.Itoa(m.Year)+".md")
		_, err := s.upsert(file, schema.Meetings, "aar = {:y}", dbx.Params{"y": m.Year}, func(r *core.Record) {
			r.Set(schema.FieldYear, m.Year)
			r.Set(schema.FieldTitle, m.Title)
			r.Set("dato", m.Date.Time())
			r.Set("sted", m.Venue)
			r.Set("innledere", strings.Join(m.Speakers, "\n"))
			r.Set("temaer", strings.Join(m.Topics, "\n"))
			r.Set("evaluering", m.Evaluation)
			s.setImage(r, m.Image)
			r.Set(schema.FieldBody, m.Body)
			r.Set(schema.FieldStatus, status(m.Draft))
		})
		if err != nil {
			return err
		}
	}
	for _, c := range tree.Committees {
		file := path.Join(content.CommitteesDir, c.Slug, "_index.md")
		committee, err := s.upsert(file, schema.Committees, "slug = {:slug}", dbx.Params{"slug": c.Slug}, func(r *core.Record) {
			r.Set(schema.FieldTitle, c.Title)
			r.Set(schema.FieldSlug, c.Slug)
			r.Set(schema.FieldDescription, c.Description)
			r.Set(schema.FieldOrder, c.Weight)
			r.Set("etablert", c.Established)
			r.Set(schema.FieldBody, c.Body)
			r.Set(schema.FieldStatus, status(c.Draft))
		})
		if err != nil {
			return err
		}
		for _, st := range c.Statuses {
			file := path.Join(content.CommitteesDir, c.Slug, strconv.Itoa(st.Year)+".md")
			_, err := s.upsert(file, schema.CommitteeStatus, "utvalg = {:u} && aar = {:y}", dbx.Params{"u": committee.Id, "y": st.Year}, func(r *core.Record) {
				r.Set("utvalg", committee.Id)
				r.Set(schema.FieldYear, st.Year)
				r.Set(schema.FieldTitle, st.Title)
				r.Set(schema.FieldBody, st.Body)
				r.Set(schema.FieldStatus, status(st.Draft))
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *saver) report(rep content.Report) error {
	dir := path.Join(content.ReportsDir, strconv.Itoa(rep.Year))
	file := path.Join(dir, "_index.md")
	report, err := s.upsert(file, schema.Reports, "aar = {:y}", dbx.Params{"y": rep.Year}, func(r *core.Record) {
		r.Set(schema.FieldYear, rep.Year)
		r.Set(schema.FieldTitle, rep.Title)
		r.Set(schema.FieldDescription, rep.Description)
		r.Set(schema.FieldBody, rep.Body)
		r.Set("moter", rep.Meetings)
		r.Set(schema.FieldThemes, s.ids("tema", rep.Themes))
		r.Set(schema.FieldStatus, status(rep.Draft))
		s.setFile(r, "pdf", rep.PDF, rep.PDFData)
	})
	if err != nil {
		return err
	}
	params := func(extra dbx.Params) dbx.Params {
		extra["r"] = report.Id
		return extra
	}

	for _, sec := range rep.Sections {
		_, err := s.upsert(path.Join(dir, sec.Slug+".md"), schema.Sections, "rapport = {:r} && slug = {:slug}", params(dbx.Params{"slug": sec.Slug}), func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldTitle, sec.Title)
			r.Set(schema.FieldSlug, sec.Slug)
			r.Set(schema.FieldOrder, sec.Weight)
			r.Set(schema.FieldThemes, s.ids("tema", sec.Themes))
			s.setImage(r, sec.Image)
			r.Set(schema.FieldBody, sec.Body)
			r.Set(schema.FieldStatus, status(sec.Draft))
		})
		if err != nil {
			return err
		}
	}

	// Members in two passes: "erstatter" points to a member that may come
	// later in the file.
	kept := map[string]bool{}
	memberIDs := map[string]string{}
	for i, m := range rep.Members {
		rec, err := s.upsert(file, schema.Memberships, "rapport = {:r} && organ = {:o} && navn = {:n}", params(dbx.Params{"o": m.Body, "n": m.Name}), func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldName, m.Name)
			r.Set("stilling", m.JobTitle)
			r.Set("organisasjon", m.Organisation)
			r.Set("organ", m.Body)
			r.Set("rolle", m.Role)
			r.Set("fra", m.From)
			r.Set("til", m.Until)
			r.Set(schema.FieldOrder, i+1)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
		memberIDs[m.Body+"/"+m.Name] = rec.Id
	}
	for _, m := range rep.Members {
		id := memberIDs[m.Body+"/"+m.Name]
		rec, err := s.app.FindRecordById(schema.Memberships, id)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		replaces := ""
		if m.Replaces != "" {
			replaces = memberIDs[m.Body+"/"+m.Replaces]
		}
		if rec.GetString("erstatter") != replaces {
			rec.Set("erstatter", replaces)
			if err := s.app.SaveWithContext(importing, rec); err != nil {
				return saveError(file, rec, err)
			}
			if c := s.summary.add(schema.Memberships); c.Unchanged > 0 {
				c.Unchanged--
				c.Updated++
			}
		}
	}
	if err := s.removeOthers(schema.Memberships, report.Id, kept); err != nil {
		return err
	}

	kept = map[string]bool{}
	for i, l := range rep.Links {
		rec, err := s.upsert(file, schema.Links, "rapport = {:r} && url = {:u}", params(dbx.Params{"u": l.URL}), func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldTitle, l.Title)
			r.Set("url", l.URL)
			r.Set(schema.FieldOrder, i+1)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
	}
	if err := s.removeOthers(schema.Links, report.Id, kept); err != nil {
		return err
	}

	kept = map[string]bool{}
	if g := rep.GrantRound; g != nil {
		deadlines := make([]string, len(g.Deadlines))
		for i, d := range g.Deadlines {
			deadlines[i] = d.String()
		}
		rec, err := s.upsert(file, schema.GrantRounds, "rapport = {:r}", params(dbx.Params{}), func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set("soknadsfrister", strings.Join(deadlines, "\n"))
			r.Set("soknader", g.Applications)
			r.Set("innvilget", g.Granted)
			r.Set("kutt_prosent", g.CutPercent)
			r.Set("belop", g.Amount)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
	}
	return s.removeOthers(schema.GrantRounds, report.Id, kept)
}

// setFile attaches a file to a record's file field unless the stored one
// has the same bytes; an empty name clears the field.
func (s *saver) setFile(r *core.Record, field, name string, data []byte) {
	if name == "" {
		r.Set(field, nil)
		return
	}
	if current := r.GetString(field); current != "" && !r.IsNew() {
		if stored, err := (&loader{app: s.app}).file(r, current); err == nil && bytes.Equal(stored, data) {
			return
		}
	}
	f, err := filesystem.NewFileFromBytes(data, name)
	if err != nil {
		return // an empty file; the record's own validation says so
	}
	r.Set(field, f)
}

// setImage stores a page's image and its alternative text.
func (s *saver) setImage(r *core.Record, img content.Image) {
	s.setFile(r, schema.FieldImage, img.Name, img.Data)
	r.Set(schema.FieldImageAlt, img.Alt)
}

// ids turns term slugs into record ids; Validate has checked they exist.
func (s *saver) ids(taxonomy string, slugs []string) []string {
	ids := make([]string, 0, len(slugs))
	for _, slug := range slugs {
		ids = append(ids, s.termIDs[taxonomy+"/"+slug])
	}
	return ids
}

// upsert finds the record with the natural key, or makes a new one, lets
// fill set its fields, and saves it only if something changed.
func (s *saver) upsert(file, collection, filter string, params dbx.Params, fill func(*core.Record)) (*core.Record, error) {
	counts := s.summary.add(collection)
	rec, err := s.app.FindFirstRecordByFilter(collection, filter, params)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		coll, err := s.app.FindCachedCollectionByNameOrId(collection)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		rec = core.NewRecord(coll)
	case err != nil:
		return nil, fmt.Errorf("%s: find %s: %w", file, collection, err)
	}
	fill(rec)
	if !rec.IsNew() && !changed(rec) {
		counts.Unchanged++
		return rec, nil
	}
	isNew := rec.IsNew()
	if err := s.app.SaveWithContext(importing, rec); err != nil {
		return nil, saveError(file, rec, err)
	}
	if isNew {
		counts.Created++
	} else {
		counts.Updated++
	}
	return rec, nil
}

// changed compares every stored field with its value when it was loaded.
func changed(rec *core.Record) bool {
	original := rec.Original()
	for _, f := range rec.Collection().Fields {
		if f.Type() == core.FieldTypeAutodate {
			continue
		}
		name := f.GetName()
		if _, isUpload := rec.GetRaw(name).(*filesystem.File); isUpload {
			return true
		}
		if !reflect.DeepEqual(rec.GetRaw(name), original.GetRaw(name)) {
			return true
		}
	}
	return false
}

func (s *saver) removeOthers(collection, reportID string, kept map[string]bool) error {
	recs, err := s.app.FindAllRecords(collection, dbx.HashExp{schema.FieldReport: reportID})
	if err != nil {
		return fmt.Errorf("read %s: %w", collection, err)
	}
	for _, r := range recs {
		if kept[r.Id] {
			continue
		}
		if err := s.app.Delete(r); err != nil {
			return fmt.Errorf("delete %s %s: %w", collection, r.Id, err)
		}
		s.summary.add(collection).Removed++
	}
	return nil
}

func saveError(file string, rec *core.Record, err error) error {
	return fmt.Errorf("%s: kunne ikke lagre i %s: %w", file, rec.Collection().Name, err)
}

func status(draft bool) string {
	if draft {
		return schema.StatusDraft
	}
	return schema.StatusPublished
}
