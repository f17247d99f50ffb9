// Package desk makes the PocketBase admin the editors' desk: an admin UI
// extension (ui/main.js, embedded, no build step) and the superuser-only
// endpoints it calls. The extension adds to the record edit panel the
// links to the record's page in the preview and on the public site, and to
// a report's panel the action that starts next year's report. It must fail
// quietly: when an endpoint fails or the admin lacks a component it hooks
// into, the stock admin works on and the server logs one line.
package desk

import (
	"embed"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/nextyear"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/preview"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/workflow"
)

//go:embed ui
var files embed.FS

// Name is the extension's name: the admin serves it under /_/extensions/ssu/.
const Name = "ssu"

// API is where the endpoints are.
const API = "/api/ssu/skrivebord/"

// Config is what the desk needs to know.
type Config struct {
	SiteURL string           // the public site's address, "https://…/"
	Now     func() time.Time // what is public is decided at this time
	Flow    *workflow.Flow   // the publishing workflow's steps; nil: no workflow buttons
}

// desk is the running extension's server side.
type desk struct{ cfg Config }

// speller starts Hunspell once a process, on first use (about half a
// second; the server starts it in the background as it starts). Without
// it the second value says why.
var speller = sync.OnceValues(func() (*prose.Checker, error) {
	return prose.NewChecker()
})

// spellingOff is what the panel says when the server cannot spell.
const spellingOff = "Stavekontrollen er ikke installert på serveren (hunspell med norsk ordliste)."

// Register adds the extension and its endpoints when the server starts.
func Register(app core.App, cfg Config) {
	ui, err := fs.Sub(files, "ui")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	d := &desk{cfg: cfg}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		go func() {
			if _, err := speller(); err != nil {
				app.Logger().Warn("Skrivebordet i admin: stavekontroll av: "+err.Error(), "utvidelse", Name)
			}
		}()
		se.UIExtensions = append(se.UIExtensions, core.UIExtension{Name: Name, FS: ui})
		se.Router.BindFunc(revalidate)
		g := se.Router.Group(strings.TrimSuffix(API, "/"))
		g.Bind(apis.RequireSuperuserAuth())
		g.GET("/samlinger", collections)
		g.GET("/side/{collection}/{id}", cfg.page)
		g.GET("/sjekk/{collection}/{id}", d.inspect)
		g.GET("/deler/{id}", reportParts)
		g.GET("/sider", findPages)
		g.POST("/ny-rapport/{year}", startYear)
		g.POST("/logg", logProblem)
		if cfg.Flow != nil {
			workflowRoutes(g, cfg.Flow)
		}
		return se.Next()
	})
}

// revalidate makes browsers ask again for the extension's script on every
// visit. The admin lets them keep whatever is under /_/ for two weeks; its
// own scripts have versioned names, but the extension's do not, so a new
// ssu would otherwise reach editors only a fortnight later.
func revalidate(e *core.RequestEvent) error {
	if p := e.Request.URL.Path; p == "/_/extensions.js" || strings.HasPrefix(p, "/_/extensions/"+Name+"/") {
		e.Response.Header().Set("Cache-Control", "no-cache")
	}
	return e.Next()
}

// Order is the order of the content collections in the admin's sidebar:
// a report and its parts, then the pages beside the reports, then the
// terms they are tagged with.
var Order = []string{
	schema.Reports, schema.Sections, schema.Memberships, schema.Links, schema.GrantRounds,
	schema.Projects, schema.Meetings, schema.Committees, schema.CommitteeStatus,
	schema.Themes, schema.PatientGroups, schema.Partners, schema.Schemes,
}

// Aside are the collections editors seldom open, put after the others:
// the word list of the spelling check, the change log, the publication
// log and PocketBase's unused users.
var Aside = []string{schema.WordList, schema.History, schema.Publications, "users"}

// Sidebar is the collections' order for the admin, and their labels.
type Sidebar struct {
	First  []string         `json:"forst"`
	Last   []string         `json:"sist"`
	Labels map[string]Label `json:"navn"`
}

func collections(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, Sidebar{First: Order, Last: Aside, Labels: Labels})
}

// Page is what the edit panel shows about a record's page.
type Page struct {
	Preview  string `json:"forhandsvisning"`    // the page in the preview
	Public   string `json:"publisert"`          // the page on the public site; empty while it is not public
	NextYear int    `json:"nesteAar,omitempty"` // a report's: the year its "start next year" makes
}

func (cfg Config) page(e *core.RequestEvent) error {
	coll, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || !slices.Contains(schema.Content, coll.Name) {
		return e.NotFoundError("Samlingen har ingen sider.", err)
	}
	r, err := e.App.FindRecordById(coll, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Fant ikke posten.", err)
	}
	loc, ok := records.PageOf(e.App, r)
	if !ok {
		return e.NotFoundError("Posten har ingen side.", nil)
	}
	page := Page{Preview: preview.URL(loc)}
	if schema.Public(e.App, r, cfg.Now()) {
		page.Public = strings.TrimSuffix(cfg.SiteURL, "/") + loc.URL
	}
	if coll.Name == schema.Reports {
		page.NextYear = r.GetInt(schema.FieldYear) + 1
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, page)
}

// started is the answer to "start next year's report".
type started struct {
	*nextyear.Result
	Text string `json:"tekst"` // the result as ssu ny-rapport prints it
}

func startYear(e *core.RequestEvent) error {
	year, err := strconv.Atoi(e.Request.PathValue("year"))
	if err != nil || year < 1000 || year > 9999 {
		return e.BadRequestError("Ugyldig årstall.", err)
	}
	res, err := nextyear.Start(e.App, year)
	if err != nil {
		return e.BadRequestError(err.Error(), err)
	}
	return e.JSON(http.StatusOK, started{Result: res, Text: res.String()})
}

// logProblem writes one line to the server log for a problem the
// extension met in the browser (an admin component it expected was
// missing, or an endpoint failed), so that an upgrade that breaks it is
// seen on the server.
func logProblem(e *core.RequestEvent) error {
	var body struct {
		Message string `json:"melding"`
	}
	if err := e.BindBody(&body); err != nil {
		return e.BadRequestError("", err)
	}
	msg := []rune(body.Message)
	if len(msg) > 300 {
		msg = msg[:300]
	}
	e.App.Logger().Warn("Skrivebordet i admin: "+string(msg), "utvidelse", Name)
	return e.NoContent(http.StatusNoContent)
}
