package preview

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// The preview's own pages: sign-in, the overview of drafts and changes,
// and the live-reload script.
//
//go:embed templates/*.html live.js
var files embed.FS

var pages = template.Must(template.ParseFS(files, "templates/*.html"))

const (
	cookieName = "ssu_forhandsvisning"
	// tokenTTL is how long a preview session lasts: a working day.
	tokenTTL = 8 * time.Hour
)

func (p *Preview) routes(se *core.ServeEvent) {
	se.Router.GET(Path+"logg-inn", func(e *core.RequestEvent) error { return p.loginPage(e, http.StatusOK, "") })
	se.Router.POST(Path+"logg-inn", p.login)
	se.Router.POST(Path+"logg-ut", p.requireEditor(p.logout))
	se.Router.GET(Path+"_live.js", func(e *core.RequestEvent) error {
		e.Response.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		data, _ := files.ReadFile("live.js")
		return e.Blob(http.StatusOK, "text/javascript; charset=utf-8", data)
	})
	se.Router.GET(Path+"_hendelser", p.requireEditor(p.events))
	se.Router.GET(Path+"_oversikt", p.requireEditor(p.overview))
	se.Router.GET(Path+"_historikk/{samling}/{post}", p.requireEditor(p.pageHistory))
	se.Router.GET(Path+"_angre/{id}", p.requireEditor(p.confirmUndo))
	se.Router.POST(Path+"_angre/{id}", p.requireEditor(p.undo))
	se.Router.GET(Path+"_tilbake/{id}", p.requireEditor(p.confirmRollback))
	se.Router.POST(Path+"_tilbake/{id}", p.requireEditor(p.rollBack))
	se.Router.GET(Path+"{path...}", p.requireEditor(p.page))
}

// page serves a file of the built preview. A page left out of the build
// shows why, in Norwegian; an address with no file answers with the
// site's own 404 page.
func (p *Preview) page(e *core.RequestEvent) error {
	e.Response.Header().Set("Cache-Control", "no-store")
	name := strings.Trim(e.Request.PathValue("path"), "/")
	for _, problem := range p.Problems() {
		if problem.LeftOut && strings.Trim(problem.URL, "/") == name {
			var b strings.Builder
			if err := pages.ExecuteTemplate(&b, "utelatt.html", map[string]any{"Path": Path, "Problem": problem}); err != nil {
				return err
			}
			return e.HTML(http.StatusOK, b.String())
		}
	}
	fsys := os.DirFS(p.public())
	if !exists(fsys, name) && !exists(fsys, path.Join(name, "index.html")) {
		data, err := fs.ReadFile(fsys, "404.html")
		if err != nil {
			return e.HTML(http.StatusNotFound, "<!doctype html><html lang=\"nb\"><title>Fant ikke siden</title><p>Fant ikke siden.</p></html>")
		}
		return e.Blob(http.StatusNotFound, "text/html; charset=utf-8", data)
	}
	return apis.Static(fsys, false)(e)
}

// listening is the address of the page whose live-reload stream sends
// side (its location.pathname), as the site links it, for a build after an
// edit to render first; "" if it is not a preview page. A page opened as
// …/index.html is its folder's address.
func listening(side string) string {
	if !strings.HasPrefix(side, Path) || len(side) > 2000 {
		return ""
	}
	if folder, ok := strings.CutSuffix(side, "/index.html"); ok {
		return folder + "/"
	}
	return side
}

func exists(fsys fs.FS, name string) bool {
	if name == "" {
		name = "."
	}
	info, err := fs.Stat(fsys, name)
	return err == nil && !info.IsDir()
}

// sessionKey is where requireEditor keeps the request's session, for render.
const sessionKey = "ssuPreviewSession"

// requireEditor answers anyone without a valid preview sign-in with the
// sign-in page (status 401): never with preview content. Every request
// that changes something (any method but GET and HEAD) must also come from
// the preview's own pages and carry the session's token (see render);
// every preview route goes through here, so a new form is checked without
// a check of its own.
func (p *Preview) requireEditor(next func(*core.RequestEvent) error) func(*core.RequestEvent) error {
	return func(e *core.RequestEvent) error {
		s := findSession(e.App, e.Request, p.clock.Now())
		if s == nil {
			return p.loginPage(e, http.StatusUnauthorized, "")
		}
		if m := e.Request.Method; m != http.MethodGet && m != http.MethodHead && (!fromPreview(e.Request) || !s.validToken(e.Request)) {
			return p.render(e, http.StatusForbidden, "avvist.html", map[string]any{"Path": Path})
		}
		e.Auth = s.editor
		e.Set(sessionKey, s)
		if m := e.Request.Method; m == http.MethodGet || m == http.MethodHead {
			p.Wake() // an editor looks
		}
		return next(e)
	}
}

func (p *Preview) loginPage(e *core.RequestEvent, status int, message string) error {
	next := e.Request.URL.Query().Get("neste")
	if next == "" && e.Request.Method == http.MethodGet && e.Request.URL.Path != Path+"logg-inn" {
		next = e.Request.URL.Path
	}
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, "logg-inn.html", map[string]any{"Path": Path, "Next": safeNext(next), "Message": message}); err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.HTML(status, b.String())
}

// safeNext keeps a redirect inside the preview.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Path) || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Path
	}
	return next
}

func (p *Preview) login(e *core.RequestEvent) error {
	if !fromPreview(e.Request) {
		return p.render(e, http.StatusForbidden, "avvist.html", map[string]any{"Path": Path})
	}
	email := strings.TrimSpace(e.Request.FormValue("epost"))
	password := e.Request.FormValue("passord")
	r, err := e.App.FindAuthRecordByEmail(core.CollectionNameSuperusers, email)
	if err != nil {
		// An unknown address takes as long as a wrong password, so the
		// time of the answer does not tell which addresses are editors'.
		dummyPasswordCheck(e.App, password)
		return p.loginPage(e, http.StatusUnauthorized, "Feil e-postadresse eller passord.")
	}
	if !r.ValidatePassword(password) {
		return p.loginPage(e, http.StatusUnauthorized, "Feil e-postadresse eller passord.")
	}
	cookie, _, err := SignIn(e.App, r, p.clock.Now(), isHTTPS(e.Request))
	if err != nil {
		return err
	}
	http.SetCookie(e.Response, cookie)
	return e.Redirect(http.StatusSeeOther, safeNext(e.Request.FormValue("neste")))
}

// dummyPasswordCheck checks password against some editor's hash, as
// PocketBase's own sign-in does for an unknown identity.
func dummyPasswordCheck(app core.App, password string) {
	r := &core.Record{}
	coll, err := app.FindCachedCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil || app.RecordQuery(coll).Limit(1).One(r) != nil {
		return
	}
	r.ValidatePassword(password)
}

func (p *Preview) logout(e *core.RequestEvent) error {
	if err := signOut(e.App, e.Request); err != nil {
		return fmt.Errorf("preview sign-out: %w", err)
	}
	http.SetCookie(e.Response, &http.Cookie{Name: cookieName, Value: "", Path: Path, MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: isHTTPS(e.Request)})
	return e.Redirect(http.StatusSeeOther, Path+"logg-inn")
}

// isHTTPS reports whether the browser reached us over TLS, directly or
// through a proxy that terminates it (such as a hosting platform's).
func isHTTPS(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// events streams the build version to the live-reload script
// (Server-Sent Events): once at once, then after every build.
func (p *Preview) events(e *core.RequestEvent) error {
	w := e.Response
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	flusher, ok := w.(http.Flusher)
	if !ok {
		return e.InternalServerError("streaming unsupported", nil)
	}
	ch, stop := p.watch(listening(e.Request.URL.Query().Get("side")))
	defer stop()
	send := func(v int64) {
		fmt.Fprintf(w, "data: %d\n\n", v)
		flusher.Flush()
	}
	send(p.Version())
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-e.Request.Context().Done():
			return nil
		case v := <-ch:
			send(v)
		case <-keepAlive.C:
			fmt.Fprint(w, ": hold\n\n")
			flusher.Flush()
		}
	}
}
