// Package records moves the SSU content between PocketBase records and the
// content tree: Load reads what is published, Save (the importer) writes a
// tree into the database by natural keys. It also holds the record hooks
// that keep stored values in the one form the files are written in.
package records

import (
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Load reads everything that is published now into a content tree.
func Load(app core.App) (*content.Tree, error) {
	return load(&loader{app: app, slugs: map[string]string{}, visible: publishedOnly})
}

// LoadPreview reads every record, drafts included and marked as drafts,
// for the editors' preview.
func LoadPreview(app core.App) (*content.Tree, error) {
	return load(&loader{app: app, slugs: map[string]string{}, visible: "id != ''", preview: true})
}

func load(l *loader) (*content.Tree, error) {
	tree := &content.Tree{}
	var err error
	if tree.Terms, err = l.terms(); err != nil {
		return nil, err
	}
	if tree.Reports, err = l.reports(); err != nil {
		return nil, err
	}
	if tree.Projects, err = l.projects(); err != nil {
		return nil, err
	}
	if tree.Meetings, err = l.meetings(); err != nil {
		return nil, err
	}
	if tree.Committees, err = l.committees(); err != nil {
		return nil, err
	}
	return tree, nil
}

type loader struct {
	app     core.App
	slugs   map[string]string // term record id → slug
	visible string            // filter for the records to load
	preview bool              // mark records that are not published now
}

// draft says whether a record shows in the preview as a draft: it is not
// published now (never in a public export).
func (l *loader) draft(r *core.Record) bool {
	if !l.preview {
		return false
	}
	if r.GetString(schema.FieldStatus) != schema.StatusPublished {
		return true
	}
	until := r.GetDateTime(schema.FieldUnpublishAt)
	return !until.IsZero() && !until.Time().After(time.Now())
}

func (l *loader) find(collection, filter, sort string, params dbx.Params) ([]*core.Record, error) {
	recs, err := l.app.FindRecordsByFilter(collection, filter, sort, 0, 0, params)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", collection, err)
	}
	return recs, nil
}

func (l *loader) terms() ([]content.Term, error) {
	var terms []content.Term
	for _, taxonomy := range content.Taxonomies {
		recs, err := l.find(schema.TermCollections[taxonomy], "", "slug", nil)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			l.slugs[r.Id] = r.GetString(schema.FieldSlug)
			terms = append(terms, content.Term{
				Taxonomy: taxonomy,
				Slug:     r.GetString(schema.FieldSlug),
				Title:    r.GetString(schema.FieldName),
				Body:     r.GetString(schema.FieldBody),
			})
		}
	}
	return terms, nil
}

// termSlugs turns a relation's record ids into term slugs, in stored order.
func (l *loader) termSlugs(r *core.Record, field string) []string {
	var slugs []string
	for _, id := range r.GetStringSlice(field) {
		if slug, ok := l.slugs[id]; ok {
			slugs = append(slugs, slug)
		}
	}
	return slugs
}

// publishedOnly is what a public export holds: published now.
const publishedOnly = schema.Live

func (l *loader) reports() ([]content.Report, error) {
	recs, err := l.find(schema.Reports, l.visible, "aar", nil)
	if err != nil {
		return nil, err
	}
	reports := make([]content.Report, 0, len(recs))
	for _, r := range recs {
		report := content.Report{
			Title:       r.GetString(schema.FieldTitle),
			Draft:       l.draft(r),
			Description: r.GetString(schema.FieldDescription),
			Year:        r.GetInt(schema.FieldYear),
			Meetings:    r.GetInt("moter"),
			Themes:      l.termSlugs(r, schema.FieldThemes),
			Body:        r.GetString(schema.FieldBody),
		}
		if name := r.GetString("pdf"); name != "" {
			if report.PDFData, err = l.file(r, name); err != nil {
				return nil, err
			}
			report.PDF = content.PDFName(report.Year)
		}
		params := dbx.Params{"r": r.Id}
		if report.Sections, err = l.sections(params); err != nil {
			return nil, err
		}
		if report.Members, err = l.members(params); err != nil {
			return nil, err
		}
		if report.Links, err = l.links(params); err != nil {
			return nil, err
		}
		if report.GrantRound, err = l.grantRound(params); err != nil {
			return nil, err
		}
		reports = append(reports, report)
	}
	return reports, nil
}

func (l *loader) file(r *core.Record, name string) ([]byte, error) {
	fsys, err := l.app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("open file storage: %w", err)
	}
	defer fsys.Close()
	reader, err := fsys.GetReader(r.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("read %s of %s %s: %w", name, r.Collection().Name, r.Id, err)
	}
	defer reader.Close()
	return io.ReadAll(reader)
}

// image reads a record's image and its alternative text; the file gets
// the canonical name bilde.<ext> in the bundle.
func (l *loader) image(r *core.Record) (content.Image, error) {
	name := r.GetString(schema.FieldImage)
	if name == "" {
		return content.Image{}, nil
	}
	data, err := l.file(r, name)
	if err != nil {
		return content.Image{}, err
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	return content.Image{Name: content.ImageName(ext), Alt: r.GetString(schema.FieldImageAlt), Data: data}, nil
}

func (l *loader) sections(params dbx.Params) ([]content.Section, error) {
	recs, err := l.find(schema.Sections, "rapport = {:r} && "+l.visible, "rekkefolge,slug", params)
	if err != nil {
		return nil, err
	}
	var sections []content.Section
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			return nil, err
		}
		sections = append(sections, content.Section{
			Slug:   r.GetString(schema.FieldSlug),
			Title:  r.GetString(schema.FieldTitle),
			Draft:  l.draft(r),
			Weight: r.GetInt(schema.FieldOrder),
			Themes: l.termSlugs(r, schema.FieldThemes),
			Image:  img,
			Body:   r.GetString(schema.FieldBody),
		})
	}
	return sections, nil
}

func (l *loader) members(params dbx.Params) ([]content.Member, error) {
	recs, err := l.find(schema.Memberships, "rapport = {:r}", "rekkefolge,navn", params)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, r := range recs {
		names[r.Id] = r.GetString(schema.FieldName)
	}
	var members []content.Member
	for _, r := range recs {
		members = append(members, content.Member{
			Name:         r.GetString(schema.FieldName),
			JobTitle:     r.GetString("stilling"),
			Organisation: r.GetString("organisasjon"),
			Body:         r.GetString("organ"),
			Role:         r.GetString("rolle"),
			Replaces:     names[r.GetString("erstatter")],
			From:         r.GetString("fra"),
			Until:        r.GetString("til"),
		})
	}
	return members, nil
}

func (l *loader) links(params dbx.Params) ([]content.Link, error) {
	recs, err := l.find(schema.Links, "rapport = {:r}", "rekkefolge,url", params)
	if err != nil {
		return nil, err
	}
	var links []content.Link
	for _, r := range recs {
		links = append(links, content.Link{Title: r.GetString(schema.FieldTitle), URL: r.GetString("url")})
	}
	return links, nil
}

func (l *loader) grantRound(params dbx.Params) (*content.GrantRound, error) {
	recs, err := l.find(schema.GrantRounds, "rapport = {:r}", "", params)
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	r := recs[0]
	round := &content.GrantRound{
		Applications: r.GetInt("soknader"),
		Granted:      r.GetInt("innvilget"),
		CutPercent:   r.GetInt("kutt_prosent"),
		Amount:       r.GetInt("belop"),
	}
	for _, line := range lines(r.GetString("soknadsfrister")) {
		d, err := content.ParseDate(line)
		if err != nil {
			return nil, fmt.Errorf("søknadsfrist i tilskuddsrunde %s: %w", r.Id, err)
		}
		round.Deadlines = append(round.Deadlines, d)
	}
	return round, nil
}

func (l *loader) projects() ([]content.Project, error) {
	recs, err := l.find(schema.Projects, l.visible, "slug", nil)
	if err != nil {
		return nil, err
	}
	var projects []content.Project
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			return nil, err
		}
		projects = append(projects, content.Project{
			Image:         img,
			Slug:          r.GetString(schema.FieldSlug),
			Title:         r.GetString(schema.FieldTitle),
			Draft:         l.draft(r),
			Description:   r.GetString(schema.FieldDescription),
			Year:          r.GetInt(schema.FieldYear),
			Weight:        r.GetInt(schema.FieldOrder),
			Schemes:       l.termSlugs(r, "ordninger"),
			Partners:      l.termSlugs(r, "partnere"),
			PatientGroups: l.termSlugs(r, "pasientgrupper"),
			Themes:        l.termSlugs(r, schema.FieldThemes),
			Amount:        r.GetInt("belop"),
			Body:          r.GetString(schema.FieldBody),
		})
	}
	return projects, nil
}

func (l *loader) meetings() ([]content.Meeting, error) {
	recs, err := l.find(schema.Meetings, l.visible, "aar", nil)
	if err != nil {
		return nil, err
	}
	var meetings []content.Meeting
	for _, r := range recs {
		img, err := l.image(r)
		if err != nil {
			return nil, err
		}
		meetings = append(meetings, content.Meeting{
			Image:      img,
			Title:      r.GetString(schema.FieldTitle),
			Draft:      l.draft(r),
			Date:       content.NewDate(r.GetDateTime("dato").Time()),
			Year:       r.GetInt(schema.FieldYear),
			Venue:      r.GetString("sted"),
			Speakers:   lines(r.GetString("innledere")),
			Topics:     lines(r.GetString("temaer")),
			Evaluation: r.GetString("evaluering"),
			Body:       r.GetString(schema.FieldBody),
		})
	}
	return meetings, nil
}

func (l *loader) committees() ([]content.Committee, error) {
	recs, err := l.find(schema.Committees, l.visible, "slug", nil)
	if err != nil {
		return nil, err
	}
	var committees []content.Committee
	for _, r := range recs {
		statuses, err := l.find(schema.CommitteeStatus, "utvalg = {:u} && "+l.visible, "aar", dbx.Params{"u": r.Id})
		if err != nil {
			return nil, err
		}
		c := content.Committee{
			Slug:        r.GetString(schema.FieldSlug),
			Title:       r.GetString(schema.FieldTitle),
			Draft:       l.draft(r),
			Description: r.GetString(schema.FieldDescription),
			Weight:      r.GetInt(schema.FieldOrder),
			Established: r.GetInt("etablert"),
			Body:        r.GetString(schema.FieldBody),
		}
		for _, s := range statuses {
			c.Statuses = append(c.Statuses, content.CommitteeStatus{
				Title: s.GetString(schema.FieldTitle),
				Draft: l.draft(s),
				Year:  s.GetInt(schema.FieldYear),
				Body:  s.GetString(schema.FieldBody),
			})
		}
		committees = append(committees, c)
	}
	return committees, nil
}

// lines splits a one-item-a-line field into its items, skipping blank lines.
func lines(s string) []string {
	var items []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			items = append(items, line)
		}
	}
	return slices.Clip(items)
}
