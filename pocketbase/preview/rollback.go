package preview

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Rollback makes the deploy of an earlier publication live again on the
// editor's behalf; the error is a Norwegian sentence.
type Rollback func(publicationID, editor string) error

// AllowRollback offers rollback in the overview: the server sets it when
// it deploys to Netlify itself.
func (p *Preview) AllowRollback(fn Rollback) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.rollback = fn
}

// publications are the recent publications, newest first, each with its
// deploy and address; the newest live one is what the site shows.
func (p *Preview) publications(app core.App) ([]item, error) {
	p.mu.Lock()
	canRollBack := p.rollback != nil
	p.mu.Unlock()
	pubs, err := app.FindRecordsByFilter(schema.Publications, "", "-created", 10, 0)
	if err != nil {
		return nil, err
	}
	var items []item
	seenLive := false
	for _, r := range pubs {
		live := !seenLive && r.GetString(schema.FieldStatus) == schema.PublicationLive
		seenLive = seenLive || live
		deploy := r.GetString("utrulling")
		items = append(items, item{
			ID: r.Id, When: publishedAt(r), Action: r.GetString(schema.FieldStatus),
			Title: r.GetString("aarsak"), Note: r.GetString("svar"), URL: r.GetString("adresse"), Deploy: deploy,
			Live:        live,
			CanRollBack: canRollBack && !live && deploy != "" && r.GetString(schema.FieldStatus) == schema.PublicationLive,
		})
	}
	return items, nil
}

func publishedAt(r *core.Record) string {
	return r.GetDateTime("created").Time().In(content.Zone).Format("02.01.2006 15:04")
}

// confirmRollback shows which publication would be made live again.
func (p *Preview) confirmRollback(e *core.RequestEvent) error {
	data := map[string]any{"Path": Path, "ID": e.Request.PathValue("id")}
	r, err := e.App.FindRecordById(schema.Publications, e.Request.PathValue("id"))
	if err != nil {
		data["Error"] = "Fant ikke publiseringen."
		return p.render(e, http.StatusNotFound, "tilbake.html", data)
	}
	data["When"], data["Deploy"], data["Title"] = publishedAt(r), r.GetString("utrulling"), r.GetString("aarsak")
	return p.render(e, http.StatusOK, "tilbake.html", data)
}

// rollBack makes the publication the editor confirmed live again.
func (p *Preview) rollBack(e *core.RequestEvent) error {
	p.mu.Lock()
	fn := p.rollback
	p.mu.Unlock()
	if fn == nil {
		return p.render(e, http.StatusConflict, "tilbake.html", map[string]any{"Path": Path,
			"Error": "Tilbakestilling krever at serveren publiserer direkte til Netlify (SSU_NETLIFY_TOKEN og SSU_NETLIFY_SITE)."})
	}
	if err := fn(e.Request.PathValue("id"), e.Auth.Email()); err != nil {
		return p.render(e, http.StatusConflict, "tilbake.html", map[string]any{"Path": Path, "Error": err.Error()})
	}
	return e.Redirect(http.StatusSeeOther, Path+"_oversikt?tilbakestilt=1")
}
