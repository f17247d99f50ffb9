// Package nextyear starts next year's report: from the records of one year
// it makes the drafts the editors fill in for the next. It reads records
// and writes drafts, and running it again makes nothing twice.
package nextyear

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Result says what Start did, in lines an editor reads.
type Result struct {
	Year     int      `json:"aar"`
	ReportID string   `json:"rapport"`  // the new year's report record
	Created  []string `json:"laget"`    // drafts made now
	Existing []string `json:"fantes"`   // drafts that were there already
	LeftOut  []string `json:"ikkeTatt"` // members who left during the year before
	Meeting  string   `json:"mote"`     // the year's partnership meeting, or why there is none
}

// Member fields that Start reads or writes; each has the same name in the
// record and in content.Member's TOML.
const (
	fieldJobTitle     = "stilling"
	fieldOrganisation = "organisasjon"
	fieldOrgan        = "organ"
	fieldRole         = "rolle"
	fieldUntil        = "til"
	fieldEstablished  = "etablert"
)

// Start makes the drafts of the report of year from the report of the
// year before, in one transaction:
//   - the report, titled as last year's with the year moved on;
//   - its sections, with last year's titles, slugs and order and no text;
//   - its members, without last year's fra, til and erstatter; a member
//     whose til was set left during the year and is not carried over
//     (Result.LeftOut names them);
//   - an empty grant round;
//   - a status for year of every committee established by then.
//
// The partnership meeting needs a date, so it is not made here:
// Result.Meeting says whether one is planned for year. Each draft is
// matched by its natural key (year, slug, organ and name), so a second
// run makes nothing that is there already, even if it was edited since.
func Start(app core.App, year int) (*Result, error) {
	res := &Result{Year: year}
	err := app.RunInTransaction(func(tx core.App) error {
		s := starter{app: tx, year: year, res: res}
		return s.run()
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

type starter struct {
	app  core.App
	year int
	res  *Result
}

func (s *starter) run() error {
	prev, err := s.app.FindFirstRecordByFilter(schema.Reports, "aar = {:y} && arbeidskopi_av = ''", dbx.Params{"y": s.year - 1})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("finner ingen årsrapport for %d å bygge på", s.year-1)
	case err != nil:
		return fmt.Errorf("find the report of %d: %w", s.year-1, err)
	}
	title := moveYears(prev.GetString(schema.FieldTitle), s.year-1)
	report, err := s.draft(schema.Reports, fmt.Sprintf("Årsrapport «%s»", title), "aar = {:y} && arbeidskopi_av = ''", dbx.Params{"y": s.year}, func(r *core.Record) {
		r.Set(schema.FieldTitle, title)
		r.Set(schema.FieldYear, s.year)
		r.Set(schema.FieldStatus, schema.StatusDraft)
	})
	if err != nil {
		return err
	}
	s.res.ReportID = report.Id
	if err := s.sections(prev, report); err != nil {
		return err
	}
	if err := s.members(prev, report); err != nil {
		return err
	}
	if _, err := s.draft(schema.GrantRounds, fmt.Sprintf("Tilskuddsrunde %d (tom)", s.year), "rapport = {:r}", dbx.Params{"r": report.Id}, func(r *core.Record) {
		r.Set(schema.FieldReport, report.Id)
	}); err != nil {
		return err
	}
	if err := s.statuses(); err != nil {
		return err
	}
	return s.meeting()
}

// draft finds the record of collection that filter matches, or makes it
// with fill. label names it in the result.
func (s *starter) draft(collection, label, filter string, params dbx.Params, fill func(*core.Record)) (*core.Record, error) {
	coll, err := s.app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	found, err := s.app.FindFirstRecordByFilter(coll, filter, params)
	switch {
	case err == nil:
		s.res.Existing = append(s.res.Existing, label)
		return found, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("find in %s: %w", collection, err)
	}
	r := core.NewRecord(coll)
	fill(r)
	if err := s.app.Save(r); err != nil {
		return nil, fmt.Errorf("kunne ikke lage %s: %w", label, err)
	}
	s.res.Created = append(s.res.Created, label)
	return r, nil
}

func (s *starter) sections(prev, report *core.Record) error {
	recs, err := s.app.FindRecordsByFilter(schema.Sections, "rapport = {:r}", "rekkefolge,slug", 0, 0, dbx.Params{"r": prev.Id})
	if err != nil {
		return fmt.Errorf("read the sections of %d: %w", s.year-1, err)
	}
	for _, old := range recs {
		slug := moveYears(old.GetString(schema.FieldSlug), s.year-1)
		title := moveYears(old.GetString(schema.FieldTitle), s.year-1)
		_, err := s.draft(schema.Sections, fmt.Sprintf("Rapportdel «%s»", title), "rapport = {:r} && slug = {:slug}", dbx.Params{"r": report.Id, "slug": slug}, func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldTitle, title)
			r.Set(schema.FieldSlug, slug)
			r.Set(schema.FieldOrder, old.GetInt(schema.FieldOrder))
			r.Set(schema.FieldStatus, schema.StatusDraft)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *starter) members(prev, report *core.Record) error {
	recs, err := s.app.FindRecordsByFilter(schema.Memberships, "rapport = {:r}", "rekkefolge,navn", 0, 0, dbx.Params{"r": prev.Id})
	if err != nil {
		return fmt.Errorf("read the members of %d: %w", s.year-1, err)
	}
	order := 0
	for _, old := range recs {
		name, organ := old.GetString(schema.FieldName), old.GetString(fieldOrgan)
		if until := old.GetString(fieldUntil); until != "" {
			s.res.LeftOut = append(s.res.LeftOut, fmt.Sprintf("%s (%s, %s)", name, organ, until))
			continue
		}
		order++
		_, err := s.draft(schema.Memberships, fmt.Sprintf("Medlem %s (%s)", name, organ), "rapport = {:r} && organ = {:o} && navn = {:n}", dbx.Params{"r": report.Id, "o": organ, "n": name}, func(r *core.Record) {
			r.Set(schema.FieldReport, report.Id)
			r.Set(schema.FieldName, name)
			r.Set(fieldOrgan, organ)
			for _, field := range []string{fieldJobTitle, fieldOrganisation, fieldRole} {
				r.Set(field, old.GetString(field))
			}
			r.Set(schema.FieldOrder, order)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *starter) statuses() error {
	committees, err := s.app.FindRecordsByFilter(schema.Committees, "arbeidskopi_av = ''", "rekkefolge,slug", 0, 0)
	if err != nil {
		return fmt.Errorf("read the committees: %w", err)
	}
	for _, c := range committees {
		if established := c.GetInt(fieldEstablished); established > s.year {
			continue
		}
		label := fmt.Sprintf("Utvalgsstatus %d for «%s»", s.year, c.GetString(schema.FieldTitle))
		_, err := s.draft(schema.CommitteeStatus, label, "utvalg = {:c} && aar = {:y} && arbeidskopi_av = ''", dbx.Params{"c": c.Id, "y": s.year}, func(r *core.Record) {
			r.Set(schema.FieldCommittee, c.Id)
			r.Set(schema.FieldYear, s.year)
			r.Set(schema.FieldStatus, schema.StatusDraft)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *starter) meeting() error {
	m, err := s.app.FindFirstRecordByFilter(schema.Meetings, "aar = {:y} && arbeidskopi_av = ''", dbx.Params{"y": s.year})
	switch {
	case err == nil:
		date := m.GetDateTime(schema.FieldMeetingDate).Time().In(content.Zone).Format("02.01.2006")
		s.res.Meeting = fmt.Sprintf("«%s» er planlagt %s (%s).", m.GetString(schema.FieldTitle), date, m.GetString(schema.FieldStatus))
		return nil
	case errors.Is(err, sql.ErrNoRows):
		s.res.Meeting = fmt.Sprintf("Ingen partnerskapsmøte er planlagt for %d ennå; lag det når datoen er kjent.", s.year)
		return nil
	}
	return fmt.Errorf("find the partnership meeting of %d: %w", s.year, err)
}

// years are the four-digit numbers in a text.
var years = regexp.MustCompile(`\b\d{4}\b`)

// moveYears moves the years in a title or slug of the report of from on to
// the next report's: from and the year after it (as in «Møteplan for
// 2026» in the report of 2025) each become one later. Other years stay.
func moveYears(s string, from int) string {
	return years.ReplaceAllStringFunc(s, func(y string) string {
		n, _ := strconv.Atoi(y)
		if n == from || n == from+1 {
			return strconv.Itoa(n + 1)
		}
		return y
	})
}

// String is the result in Norwegian, as ssu ny-rapport prints it.
func (r *Result) String() string {
	var b strings.Builder
	if len(r.Created) == 0 {
		fmt.Fprintf(&b, "Ingenting nytt: utkastene for %d fantes fra før (%d).\n", r.Year, len(r.Existing))
	} else {
		fmt.Fprintf(&b, "Laget %d utkast for %d:\n", len(r.Created), r.Year)
		for _, line := range r.Created {
			fmt.Fprintf(&b, "  %s\n", line)
		}
		if len(r.Existing) > 0 {
			fmt.Fprintf(&b, "Fantes fra før, ikke endret: %d\n", len(r.Existing))
		}
	}
	if len(r.LeftOut) > 0 {
		fmt.Fprintf(&b, "Ikke tatt med, gikk ut i løpet av %d:\n", r.Year-1)
		for _, line := range r.LeftOut {
			fmt.Fprintf(&b, "  %s\n", line)
		}
	}
	fmt.Fprintf(&b, "Partnerskapsmøte: %s\n", r.Meeting)
	b.WriteString("Alt er utkast og vises ikke på nettstedet før det er publisert.\n")
	return b.String()
}
