package preview

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// A preview sign-in is a session of its own, not an API token: the cookie
// is a random value that opens the preview and nothing else, stored on
// the server (as a hash) so that signing out ends it, and bound to the
// editor's token key so that a new password ends it too.

const sessionTable = "ssu_preview_sessions"

// session is a signed-in editor and the token their forms must carry.
type session struct {
	editor *core.Record
	csrf   string
}

// SignIn starts a preview session for editor, valid for tokenTTL from now,
// and returns its cookie and the token a state-changing request must send
// (the form field or header csrfField).
func SignIn(app core.App, editor *core.Record, now time.Time, secure bool) (*http.Cookie, string, error) {
	value, csrf := random(), random()
	_, err := app.DB().NewQuery("DELETE FROM " + sessionTable + " WHERE expires <= {:now}").Bind(dbx.Params{"now": stamp(now)}).Execute()
	if err != nil {
		return nil, "", fmt.Errorf("preview sessions: %w", err)
	}
	_, err = app.DB().Insert(sessionTable, dbx.Params{
		"hash": hash(value), "editor": editor.Id, "token_key": editor.TokenKey(), "csrf": csrf, "expires": stamp(now.Add(tokenTTL)),
	}).Execute()
	if err != nil {
		return nil, "", fmt.Errorf("preview session: %w", err)
	}
	return &http.Cookie{
		Name: cookieName, Value: value, Path: Path, MaxAge: int(tokenTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: secure,
	}, csrf, nil
}

// findSession returns the session the request's cookie names, or nil when
// there is none, it has expired, or its editor is gone, is no editor or
// has changed password since.
func findSession(app core.App, r *http.Request, now time.Time) *session {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return nil
	}
	var row struct {
		Editor   string `db:"editor"`
		TokenKey string `db:"token_key"`
		CSRF     string `db:"csrf"`
	}
	err = app.DB().Select("editor", "token_key", "csrf").From(sessionTable).
		Where(dbx.NewExp("hash = {:hash} AND expires > {:now}", dbx.Params{"hash": hash(c.Value), "now": stamp(now)})).One(&row)
	if err != nil {
		return nil
	}
	editor, err := app.FindRecordById(core.CollectionNameSuperusers, row.Editor)
	if err != nil || subtle.ConstantTimeCompare([]byte(editor.TokenKey()), []byte(row.TokenKey)) != 1 {
		return nil
	}
	return &session{editor: editor, csrf: row.CSRF}
}

// signOut ends the session the request's cookie names.
func signOut(app core.App, r *http.Request) error {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	_, err = app.DB().Delete(sessionTable, dbx.HashExp{"hash": hash(c.Value)}).Execute()
	return err
}

// csrfField names the form field (and header) that carries a session's
// token on a state-changing request.
const csrfField = "csrf"

// fromPreview reports whether a state-changing request comes from a page
// of this server: the browser says so in Sec-Fetch-Site, or in Origin.
// SameSite=Strict alone lets another port or a sibling subdomain through.
func fromPreview(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return false
	}
	if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		scheme := "http"
		if isHTTPS(r) {
			scheme = "https"
		}
		if err != nil || u.Scheme != scheme || u.Host != r.Host {
			return false
		}
	}
	return true
}

// validToken reports whether a state-changing request carries s's token.
func (s *session) validToken(r *http.Request) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.FormValue(csrfField)
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.csrf)) == 1
}

func random() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hash(value string) string {
	h := sha256.Sum256([]byte(value))
	return hex.EncodeToString(h[:])
}

// stamp is a time as the table stores it, in UTC, so that the text sorts as time does.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000Z") }
