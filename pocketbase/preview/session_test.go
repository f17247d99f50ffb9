package preview_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// browser sends requests as an editor's browser on the preview's pages:
// with the preview cookie, once signed in, and the Origin header.
type browser struct {
	t      testing.TB
	h      http.Handler
	cookie *http.Cookie
	ip     int
}

func (b *browser) do(method, path string, form url.Values, headers map[string]string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	// Each request from its own address, so that the sign-in rate limit
	// does not decide the answers.
	b.ip++
	req.RemoteAddr = fmt.Sprintf("198.51.100.%d:4242", b.ip%250)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://example.com")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	return rec
}

// signIn signs in through the sign-in form and keeps the cookie.
func (b *browser) signIn() {
	b.t.Helper()
	rec := b.do(http.MethodPost, "/forhandsvisning/logg-inn", url.Values{"epost": {email}, "passord": {password}}, nil)
	cookies := rec.Result().Cookies()
	i := slices.IndexFunc(cookies, func(c *http.Cookie) bool { return c.Name == "ssu_forhandsvisning" })
	if rec.Code != http.StatusSeeOther || i < 0 {
		b.t.Fatalf("sign-in: %d %s; want 303 with the preview cookie", rec.Code, rec.Body)
	}
	b.cookie = cookies[i]
}

// csrf is the token a preview page gives its forms.
func (b *browser) csrf(page string) string {
	b.t.Helper()
	rec := b.do(http.MethodGet, page, nil, nil)
	_, after, ok := strings.Cut(rec.Body.String(), `name="csrf" value="`)
	token, _, _ := strings.Cut(after, `"`)
	if rec.Code != http.StatusOK || !ok || token == "" {
		b.t.Fatalf("%s: %d, no csrf field in %.300s", page, rec.Code, rec.Body)
	}
	return token
}

func (b *browser) signedIn() bool {
	b.t.Helper()
	return b.do(http.MethodGet, "/forhandsvisning/_oversikt", nil, nil).Code == http.StatusOK
}

// TestPreviewSessionOpensOnlyThePreview: the preview cookie is no API
// token, so a cookie copied from a shared computer opens neither the
// settings nor any record the preview does not show.
func TestPreviewSessionOpensOnlyThePreview(t *testing.T) {
	app := edited(t)
	b := &browser{t: t, h: pbtest.Handler(t, app)}
	b.signIn()
	if !b.signedIn() {
		t.Fatal("the overview with the preview cookie: refused; want it shown")
	}
	for _, path := range []string{"/api/settings", "/api/collections/historikk/records"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", b.cookie.Value)
		rec := httptest.NewRecorder()
		b.h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK {
			t.Errorf("%s with the preview cookie as token: 200 %.100s; want it refused", path, rec.Body)
		}
	}
}

// TestSignOutEndsThePreviewSession: after "Logg ut", and after the
// editor's password changes, the old cookie opens nothing.
func TestSignOutEndsThePreviewSession(t *testing.T) {
	app := edited(t)
	b := &browser{t: t, h: pbtest.Handler(t, app)}
	b.signIn()
	token := b.csrf("/forhandsvisning/_oversikt")
	if rec := b.do(http.MethodPost, "/forhandsvisning/logg-ut", url.Values{"csrf": {token}}, nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("sign-out: %d %s; want 303", rec.Code, rec.Body)
	}
	if b.signedIn() {
		t.Error("the overview with the cookie of a signed-out session: shown; want the sign-in page")
	}

	b.signIn()
	editor, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, email)
	if err != nil {
		t.Fatal(err)
	}
	editor.SetPassword("et helt nytt langt passord")
	if err := app.Save(editor); err != nil {
		t.Fatal(err)
	}
	if b.signedIn() {
		t.Error("the overview with a cookie from before the password changed: shown; want the sign-in page")
	}
}

// TestStateChangesComeFromThePreview: SameSite=Strict lets any same-site
// page (another port, a sibling subdomain) send the cookie, so an undo or
// a sign-out must come from the preview's own origin with the session's
// token, and a sign-in from the preview's origin.
func TestStateChangesComeFromThePreview(t *testing.T) {
	app := edited(t)
	b := &browser{t: t, h: pbtest.Handler(t, app)}
	b.signIn()
	token := b.csrf("/forhandsvisning/_angre/" + editID)
	undo := "/forhandsvisning/_angre/" + editID
	for _, c := range []struct {
		name    string
		form    url.Values
		headers map[string]string
	}{
		{"no token", url.Values{"versjon": {shownVersion}}, nil},
		{"a wrong token", url.Values{"versjon": {shownVersion}, "csrf": {token + "x"}}, nil},
		{"another port", url.Values{"versjon": {shownVersion}, "csrf": {token}}, map[string]string{"Origin": "http://example.com:8081", "Sec-Fetch-Site": "same-site"}},
		{"a sibling subdomain", url.Values{"versjon": {shownVersion}, "csrf": {token}}, map[string]string{"Origin": "http://annet.example.com", "Sec-Fetch-Site": ""}},
		{"a same-site page without Origin", url.Values{"versjon": {shownVersion}, "csrf": {token}}, map[string]string{"Origin": "", "Sec-Fetch-Site": "same-site"}},
	} {
		if rec := b.do(http.MethodPost, undo, c.form, c.headers); rec.Code != http.StatusForbidden {
			t.Errorf("undo with %s: %d; want 403", c.name, rec.Code)
		}
	}
	if r, err := app.FindRecordById(schema.Projects, "angreprosjekt01"); err != nil || !strings.HasPrefix(r.GetString(schema.FieldBody), "Andre tekst.") {
		t.Errorf("text after refused undos: %v, %v; want it unchanged", r, err)
	}
	if rec := b.do(http.MethodPost, "/forhandsvisning/logg-ut", nil, nil); rec.Code != http.StatusForbidden || !b.signedIn() {
		t.Errorf("sign-out without the token: %d; want 403 and still signed in", rec.Code)
	}
	other := &browser{t: t, h: b.h}
	if rec := other.do(http.MethodPost, "/forhandsvisning/logg-inn", url.Values{"epost": {email}, "passord": {password}}, map[string]string{"Origin": "http://example.com:8081", "Sec-Fetch-Site": "same-site"}); rec.Code != http.StatusForbidden {
		t.Errorf("sign-in from another port: %d; want 403", rec.Code)
	}
	if rec := b.do(http.MethodPost, undo, url.Values{"versjon": {shownVersion}, "csrf": {token}}, nil); rec.Code != http.StatusSeeOther {
		t.Errorf("undo from the preview with its token: %d %s; want 303", rec.Code, rec.Body)
	}
}

// TestSignInTimeHidesEditors: an unknown address answers as slowly as an
// editor's with a wrong password, so timing does not tell which addresses
// are editors'.
func TestSignInTimeHidesEditors(t *testing.T) {
	app := edited(t)
	b := &browser{t: t, h: pbtest.Handler(t, app)}
	// One of each in turn, so that a change in the machine's load falls
	// on both alike.
	times := map[string][]time.Duration{}
	for range 9 {
		for _, address := range []string{email, "ukjent@example.org"} {
			start := time.Now()
			rec := b.do(http.MethodPost, "/forhandsvisning/logg-inn", url.Values{"epost": {address}, "passord": {"feil passord"}}, nil)
			times[address] = append(times[address], time.Since(start))
			if rec.Code != http.StatusUnauthorized {
				t.Fatalf("sign-in as %s: %d; want 401", address, rec.Code)
			}
		}
	}
	median := func(address string) time.Duration {
		slices.Sort(times[address])
		return times[address][len(times[address])/2]
	}
	editor, unknown := median(email), median("ukjent@example.org")
	if unknown < editor/2 {
		t.Errorf("median sign-in: %v for an unknown address, %v for an editor's; want them alike", unknown, editor)
	}
}
