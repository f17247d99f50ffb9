package limits_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/limits"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/migrations"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
)

const (
	email    = pbtest.EditorEmail
	password = pbtest.EditorPassword
)

func newApp(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	limits.Register(app)
	pbtest.AddEditor(t, app)
	return app
}

func mustCollection(t testing.TB, app core.App, name string) *core.Collection {
	c, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func send(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req.RemoteAddr = "203.0.113.7:4242"
	h.ServeHTTP(rec, req)
	return rec
}

func superuserToken(t testing.TB, app core.App) string {
	su, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, email)
	if err != nil {
		t.Fatal(err)
	}
	token, err := su.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func TestBodyWithoutFilesIsCapped(t *testing.T) {
	app := newApp(t)
	h := pbtest.Handler(t, app)
	big, _ := json.Marshal(map[string]any{"tittel": "Stor", "aar": 2026, "tekst": strings.Repeat("æ", limits.MaxJSONBody)})
	req := httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", bytes.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", superuserToken(t, app))
	if rec := send(h, req); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a %d-byte JSON body: %d; want 413", len(big), rec.Code)
	}

	small, _ := json.Marshal(map[string]any{"tittel": "Liten", "aar": 2026, "tekst": "Kort."})
	req = httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", bytes.NewReader(small))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", superuserToken(t, app))
	if rec := send(h, req); rec.Code != http.StatusOK {
		t.Errorf("a small JSON body: %d %s; want 200", rec.Code, rec.Body)
	}
}

func upload(t testing.TB, h http.Handler, token, field, name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("tittel", "Med fil "+name) // a slug of its own each time
	w.WriteField("aar", "2026")
	w.WriteField("bilde_alt", "Et bilde")
	f, _ := w.CreateFormFile(field, name)
	f.Write(data)
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", token)
	return send(h, req)
}

func TestUploadTypeAndSizeAreCapped(t *testing.T) {
	app := newApp(t)
	h := pbtest.Handler(t, app)
	token := superuserToken(t, app)
	if rec := upload(t, h, token, "bilde", "bilde.png", contenttest.PNG(40, 20)); rec.Code != http.StatusOK {
		t.Fatalf("a PNG image: %d %s; want 200", rec.Code, rec.Body)
	}
	if rec := upload(t, h, token, "bilde", "skript.html", []byte("<script>alert(1)</script>")); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "bilde") {
		t.Errorf("an HTML file as image: %d %s; want 400 on bilde", rec.Code, rec.Body)
	}
	huge := append(contenttest.PNG(40, 20), make([]byte, 11<<20)...)
	if rec := upload(t, h, token, "bilde", "stor.png", huge); rec.Code != http.StatusBadRequest {
		t.Errorf("an 11 MB image: %d; want 400", rec.Code)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	app := newApp(t)
	h := pbtest.Handler(t, app)
	for _, target := range []struct{ path, body, contentType string }{
		{"/api/collections/_superusers/auth-with-password", `{"identity":"` + email + `","password":"feil"}`, "application/json"},
		{"/forhandsvisning/logg-inn", "epost=" + email + "&passord=feil", "application/x-www-form-urlencoded"},
	} {
		codes := map[int]int{}
		for range 12 {
			req := httptest.NewRequest(http.MethodPost, target.path, strings.NewReader(target.body))
			req.Header.Set("Content-Type", target.contentType)
			codes[send(h, req).Code]++
		}
		if codes[http.StatusTooManyRequests] != 2 {
			t.Errorf("%s, 12 wrong passwords in a row: %v; want the last 2 refused with 429", target.path, codes)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	app := newApp(t)
	for _, name := range []string{core.CollectionNameSuperusers, "users"} {
		r := core.NewRecord(mustCollection(t, app, name))
		r.SetEmail("kort@example.org")
		r.SetPassword("kort-pass1") // 10 characters
		if err := app.Save(r); err == nil {
			t.Errorf("%s accepted a %d-character password; want at least %d", name, len("kort-pass1"), migrations.MinPasswordLength)
		}
		r.SetPassword("et langt passord med mellomrom")
		if err := app.Save(r); err != nil {
			t.Errorf("%s refused a long passphrase: %v", name, err)
		}
	}
}

// TestBodyCapCountsBytesRead: a chunked body declares no length and a
// multipart field is not a file, yet both are held to the cap.
func TestBodyCapCountsBytesRead(t *testing.T) {
	app := newApp(t)
	h := pbtest.Handler(t, app)
	token := superuserToken(t, app)
	// PocketBase ignores a key that is no field: without the cap the
	// record would be created.
	filler := strings.Repeat("a", 3<<20) // 3 MB
	big, _ := json.Marshal(map[string]any{"tittel": "Stor", "aar": 2026, "fyll": filler})

	chunked := httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", io.MultiReader(bytes.NewReader(big)))
	chunked.ContentLength = -1
	chunked.Header.Set("Content-Type", "application/json")
	chunked.Header.Set("Authorization", token)
	if rec := send(h, chunked); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 3 MB chunked JSON body: %d %.200s; want 413", rec.Code, rec.Body)
	}

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("tittel", "Stort felt")
	w.WriteField("aar", "2026")
	w.WriteField("fyll", filler)
	w.Close()
	form := httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", &body)
	form.Header.Set("Content-Type", w.FormDataContentType())
	form.Header.Set("Authorization", token)
	if rec := send(h, form); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 3 MB multipart field: %d %.200s; want 413", rec.Code, rec.Body)
	}

	// A body of three quarters of the cap is read twice by PocketBase:
	// each reading counts from the start.
	fits, _ := json.Marshal(map[string]any{"tittel": "Nesten stor", "aar": 2026, "tekst": "Kort.", "fyll": strings.Repeat("a", limits.MaxJSONBody*3/4)})
	req := httptest.NewRequest(http.MethodPost, "/api/collections/prosjekter/records", io.MultiReader(bytes.NewReader(fits)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	if rec := send(h, req); rec.Code != http.StatusOK {
		t.Errorf("a chunked body of %d bytes: %d %.200s; want 200", len(fits), rec.Code, rec.Body)
	}
}
