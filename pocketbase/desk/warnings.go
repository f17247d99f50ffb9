package desk

// The warnings of a record's edit panel: what the quality gate would say
// about its page before it is published, computed from the record's own
// fields (and the records its links name), never from the whole site.

import (
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Warning is one thing to mend on a record, in Norwegian.
type Warning struct {
	Field string `json:"felt"`  // the record field it is about
	Text  string `json:"tekst"` // what is wrong and what to do
}

// Inspection is what the edit panel shows under "Før du publiserer".
type Inspection struct {
	Warnings    []Warning          `json:"varsler"`
	Misspelled  []string           `json:"stavefeil"`               // words neither the dictionary nor the word list knows
	SpellingOff string             `json:"stavekontroll,omitempty"` // why the spelling was not checked
	Readability *prose.Readability `json:"lesbarhet,omitempty"`     // of the body; nil for a record without one
}

// needsBody are the collections whose page is mostly its body: an empty
// one is worth a warning.
var needsBody = []string{schema.Sections, schema.Projects, schema.Committees, schema.CommitteeStatus}

// needsDescription are the collections whose ingress is shown in lists.
var needsDescription = []string{schema.Projects, schema.Committees}

// Inspect checks the page of r as the quality gate would, at now; spell is
// nil when the server has no dictionary (spellingOff says why).
func Inspect(app core.App, r *core.Record, now time.Time, spell *prose.Checker, spellingOff string) (*Inspection, error) {
	in := &Inspection{Warnings: []Warning{}, Misspelled: []string{}, SpellingOff: spellingOff}
	name := r.Collection().Name
	title := r.GetString(schema.FieldTitle)
	titleField := schema.FieldTitle
	if title == "" && r.Collection().Fields.GetByName(schema.FieldTitle) == nil {
		titleField = schema.FieldName
		title = r.GetString(schema.FieldName)
	}
	body := r.GetString(schema.FieldBody)
	description := r.GetString(schema.FieldDescription)
	warn := func(field, format string, args ...any) {
		in.Warnings = append(in.Warnings, Warning{Field: field, Text: fmt.Sprintf(format, args...)})
	}

	if slices.Contains(needsBody, name) && strings.TrimSpace(body) == "" {
		warn(schema.FieldBody, "Teksten er tom: siden viser bare tittelen.")
	}
	if slices.Contains(needsDescription, name) && strings.TrimSpace(description) == "" {
		warn(schema.FieldDescription, "Ingressen er tom: den vises i lister og søkeresultater.")
	}
	if dup, err := sameTitle(app, r, titleField, title); err != nil {
		return nil, err
	} else if dup != "" {
		warn(titleField, "Tittelen «%s» brukes også av %s: to sider med samme tittel er vanskelige å skille i lister og søk.", title, dup)
	}

	if err := warnHiddenTerms(app, r, now, warn); err != nil {
		return nil, err
	}

	doc := prose.ParseMarkdown(body)
	for _, link := range slices.Concat(doc.Links, imageSources(doc.Images)) {
		if msg, err := checkLink(app, link, now); err != nil {
			return nil, err
		} else if msg != "" {
			warn(schema.FieldBody, "%s", msg)
		}
	}
	for _, img := range doc.Images {
		if strings.TrimSpace(img.Alt) == "" {
			warn(schema.FieldBody, "Bildet %s mangler alternativ tekst: skriv hva bildet viser mellom klammene, ![slik](%s).", img.Src, img.Src)
		}
	}
	warnHeadings(doc.Headings, warn)

	if body != "" {
		rd := prose.Measure(doc.Text)
		in.Readability = &rd
	}
	if spell != nil {
		list, err := wordList(app)
		if err != nil {
			return nil, err
		}
		words, err := prose.Misspelled(spell, list, strings.Join([]string{title, description, doc.Text}, "\n\n"))
		if err != nil {
			in.SpellingOff = "Stavekontrollen svarte ikke: " + err.Error()
		} else if words != nil {
			in.Misspelled = words
		}
	}
	return in, nil
}

// warnHeadings: the page's title is its one h1, so the body's headings
// start at ## and go down one level at a time.
func warnHeadings(headings []prose.Heading, warn func(field, format string, args ...any)) {
	prev := 1 // the page title
	for _, h := range headings {
		switch {
		case h.Level == 1:
			warn(schema.FieldBody, "Overskriften «%s» er på nivå 1 (#), som sidetittelen: bruk ## for overskrifter i teksten.", h.Text)
		case h.Level > prev+1:
			warn(schema.FieldBody, "Overskriften «%s» hopper fra nivå %d til %d: bruk %s.", h.Text, prev, h.Level, strings.Repeat("#", prev+1))
		}
		prev = max(h.Level, 1)
	}
}

// warnHiddenTerms: a page shows only the terms that are published (the
// export leaves out the others), so each term r uses that is not is named
// under its field.
func warnHiddenTerms(app core.App, r *core.Record, now time.Time, warn func(field, format string, args ...any)) error {
	terms := slices.Collect(maps.Values(schema.TermCollections))
	for _, f := range r.Collection().Fields {
		rel, ok := f.(*core.RelationField)
		if !ok || rel.Name == schema.FieldWorkingCopyOf || !slices.ContainsFunc(terms, func(name string) bool { return schema.ID(name) == rel.CollectionId }) {
			continue
		}
		ids := r.GetStringSlice(rel.Name)
		if len(ids) == 0 {
			continue
		}
		used, err := app.FindRecordsByIds(rel.CollectionId, ids)
		if err != nil {
			return fmt.Errorf("read the terms of %s: %w", rel.Name, err)
		}
		slices.SortFunc(used, func(a, b *core.Record) int { return slices.Index(ids, a.Id) - slices.Index(ids, b.Id) })
		for _, t := range used {
			if !schema.Public(app, t, now) {
				warn(rel.Name, "%s: «%s» er ikke publisert og vises ikke på siden før den er publisert. Publiser den, eller fjern den fra siden.",
					Labels[r.Collection().Name].Fields[rel.Name], t.GetString(schema.FieldName))
			}
		}
	}
	return nil
}

func imageSources(images []prose.Image) []string {
	var srcs []string
	for _, img := range images {
		srcs = append(srcs, img.Src)
	}
	return srcs
}

// sameTitle names another record of the collection (of the same report
// or committee, for their parts) with the same title, or "".
func sameTitle(app core.App, r *core.Record, field, title string) (string, error) {
	if strings.TrimSpace(title) == "" {
		return "", nil
	}
	// A working copy shares its title with its live page; neither counts.
	filter := field + " = {:title} && id != {:id} && id != {:live}"
	params := dbx.Params{"title": title, "id": r.Id, "live": r.GetString(schema.FieldWorkingCopyOf)}
	if r.Collection().Fields.GetByName(schema.FieldWorkingCopyOf) != nil {
		filter += " && " + schema.FieldWorkingCopyOf + " = ''"
	}
	if p, ok := schema.Parents[r.Collection().Name]; ok {
		filter += " && " + p.Field + " = {:parent}"
		params["parent"] = r.GetString(p.Field)
	}
	others, err := app.FindRecordsByFilter(r.Collection(), filter, "", 1, 0, params)
	if err != nil {
		return "", fmt.Errorf("records with the same title: %w", err)
	}
	if len(others) == 0 {
		return "", nil
	}
	if loc, ok := records.PageOf(app, others[0]); ok {
		return "siden " + loc.URL, nil
	}
	return "en annen post", nil
}

// checkLink says what is wrong with an internal link of a body (one that
// starts with a single /), or "". Its page is found by asking each page
// collection for the records whose slug or year is a part of the address,
// and comparing their page's address (records.PageOf, the one place
// addresses are made) with the link.
func checkLink(app core.App, link string, now time.Time) (string, error) {
	if !strings.HasPrefix(link, "/") || strings.HasPrefix(link, "//") {
		return "", nil
	}
	target, _, _ := strings.Cut(link, "#")
	target, _, _ = strings.Cut(target, "?")
	page := target
	if path.Ext(page) == "" && !strings.HasSuffix(page, "/") {
		page += "/"
	}
	if content.IsSitePath(page) || strings.HasPrefix(page, "/forhandsvisning/") {
		if strings.HasPrefix(page, "/forhandsvisning/") {
			return fmt.Sprintf("Lenken %s går til forhåndsvisningen, som leserne ikke kan åpne: fjern /forhandsvisning fra adressen.", link), nil
		}
		return "", nil
	}
	r, err := findPage(app, page)
	if err != nil {
		return "", err
	}
	switch {
	case r == nil:
		return fmt.Sprintf("Lenken %s peker til en side som ikke finnes: den vises som vanlig tekst når siden publiseres.", link), nil
	case !schema.Public(app, r, now):
		return fmt.Sprintf("Lenken %s peker til en side som ikke er publisert: den vises som vanlig tekst til den siden publiseres.", link), nil
	}
	return "", nil
}

// findPage returns the record whose page (or report PDF) is at the
// address, or nil.
func findPage(app core.App, address string) (*core.Record, error) {
	var parts []string
	for _, p := range strings.Split(strings.Trim(address, "/"), "/") {
		if p != "" {
			parts = append(parts, p)
		}
	}
	for _, name := range schema.Content {
		coll, err := app.FindCachedCollectionByNameOrId(name)
		if err != nil {
			return nil, err
		}
		for _, part := range parts {
			var filter string
			var param any = part
			if coll.Fields.GetByName(schema.FieldSlug) != nil {
				filter = schema.FieldSlug + " = {:v}"
			}
			if y, err := strconv.Atoi(strings.TrimSuffix(part, ".pdf")); err == nil && coll.Fields.GetByName(schema.FieldYear) != nil && name != schema.Projects {
				filter, param = schema.FieldYear+" = {:v}", y
			}
			if filter == "" {
				continue
			}
			found, err := app.FindRecordsByFilter(coll, filter, "", 0, 0, dbx.Params{"v": param})
			if err != nil {
				return nil, fmt.Errorf("find the page %s: %w", address, err)
			}
			for _, r := range found {
				if !schema.IsWorkingCopy(r) && at(app, r, address) {
					return r, nil
				}
			}
		}
	}
	return nil, nil
}

// at reports whether r's page, or a report's PDF, is at the address.
func at(app core.App, r *core.Record, address string) bool {
	loc, ok := records.PageOf(app, r)
	if !ok {
		return false
	}
	if loc.URL == address {
		return true
	}
	if r.Collection().Name != schema.Reports {
		return false
	}
	rep := content.Report{Year: r.GetInt(schema.FieldYear)}
	return r.GetString("pdf") != "" && rep.PDFLocation().URL == address ||
		r.GetString("dokument") != "" && rep.DocumentLocation().URL == address
}

// wordList is the site's word list, from its collection.
func wordList(app core.App) (prose.WordList, error) {
	rs, err := app.FindAllRecords(schema.WordList)
	if err != nil {
		return nil, fmt.Errorf("word list: %w", err)
	}
	words := make([]string, 0, len(rs))
	for _, r := range rs {
		words = append(words, r.GetString("ord"))
	}
	return prose.NewWordList(words), nil
}

// inspect is the endpoint GET sjekk/{collection}/{id}.
func (d *desk) inspect(e *core.RequestEvent) error {
	coll, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !slices.Contains(schema.Content, coll.Name) {
		return e.NotFoundError("Samlingen har ingen sider.", err)
	}
	r, err := e.App.FindRecordById(coll, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Fant ikke posten.", err)
	}
	spell, err := speller()
	off := ""
	if err != nil {
		off = spellingOff
	}
	in, err := Inspect(e.App, r, d.cfg.Now(), spell, off)
	if err != nil {
		return e.InternalServerError("Kunne ikke sjekke siden.", err)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, in)
}
