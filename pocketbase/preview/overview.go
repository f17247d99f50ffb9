package preview

import (
	"net/http"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// labels name the collections in the overview.
var labels = map[string]string{
	schema.Reports: "Årsrapport", schema.Sections: "Rapportdel", schema.Projects: "Prosjekt",
	schema.Meetings: "Partnerskapsmøte", schema.Committees: "Faglig samarbeidsutvalg",
	schema.CommitteeStatus: "Utvalgsstatus", schema.Memberships: "Medlemskap", schema.Links: "Lenke",
	schema.GrantRounds: "Tilskuddsrunde", schema.Themes: "Tema", schema.PatientGroups: "Pasientgruppe",
	schema.Partners: "Partner", schema.Schemes: "Ordning",
}

type item struct {
	Kind, Title, URL, When, Who, Action, ID, Note, HistoryURL string
	Deploy                                                    string // a publication's deploy
	Live, CanRollBack                                         bool   // the deploy the site shows; one an editor can make live again
}

func (p *Preview) overview(e *core.RequestEvent) error {
	app := e.App
	drafts, err := notPublic(app, p.clock.Now())
	if err != nil {
		return err
	}

	var changes []item
	n := page(e)
	entries, more, err := history.Entries(app, "", "", n, perPage)
	if err != nil {
		return err
	}
	for _, h := range entries {
		url := ""
		if r, err := app.FindRecordById(h.Collection, h.RecordID); err == nil {
			url = pageURL(app, r)
		}
		changes = append(changes, item{
			Kind: labels[h.Collection], Title: h.Title, URL: url, ID: h.ID, HistoryURL: historyURL(h.Collection, h.RecordID),
			When: when(h), Who: h.Who, Action: h.Action,
		})
	}
	newer, older := pageLinks(n, more)

	publications, err := p.publications(app)
	if err != nil {
		return err
	}

	p.mu.Lock()
	buildErr := p.lastErr
	version := p.version
	p.mu.Unlock()
	return p.render(e, http.StatusOK, "oversikt.html", map[string]any{
		"Path": Path, "Editor": e.Auth.Email(), "Drafts": drafts, "Changes": changes, "Publications": publications,
		"Version": version, "BuildError": buildErr, "NewerPage": newer, "OlderPage": older, "Problems": p.Problems(),
		"RolledBack": e.Request.URL.Query().Get("tilbakestilt") != "",
	})
}

// notPublic lists the pages that are not on the public site now, the most
// recently changed first in each collection: drafts, pages past their
// unpublish time, and published parts of a report or committee that is not.
func notPublic(app core.App, now time.Time) ([]item, error) {
	var items []item
	for _, name := range schema.Publishable {
		recs, err := app.FindRecordsByFilter(name, schema.HiddenFilter(name), "-updated", 50, 0, dbx.Params{"now": schema.NowParam(now)})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			note := ""
			switch at := r.GetDateTime(schema.FieldPublishAt); {
			case schema.IsWorkingCopy(r):
				note = "arbeidskopi av en publisert side (" + r.GetString(schema.FieldStatus) + ")"
			case !at.IsZero() && r.GetString(schema.FieldStatus) != schema.StatusPublished:
				note = "publiseres " + at.Time().In(content.Zone).Format("02.01.2006 15:04")
			case schema.Live(r, now):
				note = "publisert, men vises først når " + parentNoun[name] + " er publisert"
			}
			items = append(items, item{Kind: labels[name], Title: title(r), URL: pageURL(app, r), When: r.GetDateTime("updated").Time().In(content.Zone).Format("02.01.2006 15:04"), Note: note})
		}
	}
	return items, nil
}

// parentNoun names the parent of a page in a sentence.
var parentNoun = map[string]string{schema.Sections: "rapporten", schema.CommitteeStatus: "utvalget"}

func title(r *core.Record) string {
	if t := r.GetString(schema.FieldTitle); t != "" {
		return t
	}
	return r.GetString(schema.FieldName)
}

// pageURL is the preview address of the page that shows a record: the
// content layout's address of that page, under Path.
func pageURL(app core.App, r *core.Record) string {
	page, ok := records.PageOf(app, r)
	if !ok {
		return Path
	}
	return URL(page)
}

// URL is the preview address of a page of the site.
func URL(page content.Location) string { return Path + strings.TrimPrefix(page.URL, "/") }
