package main_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSafePublishingEndToEnd walks safe publishing on the real server on
// 127.0.0.1, with four eyes on (the default) and two editors: a working
// copy of a published section is seen in the preview while the public API
// keeps the old text; a stale save of it is refused; it is marked ready,
// refused to its own editor's approval, approved by the second editor
// and public. A new page cannot be saved as published; published alone,
// its reason is in the publication log.
func TestSafePublishingEndToEnd(t *testing.T) {
	s := startServer(t, "SSU_NETLIFY_QUIET=200ms")
	base := "http://" + s.addr
	a := signIn(t, s)
	b := signInAs(t, s, "godkjenner@example.org")
	public := editor{t: t, base: base}
	const desk = "/api/ssu/skrivebord/"

	// A published section of the seed, and its page in the preview.
	var sections struct {
		Items []struct {
			ID    string `json:"id"`
			Tekst string `json:"tekst"`
		} `json:"items"`
	}
	if code := public.call("GET", "/api/collections/rapportdeler/records?perPage=1&sort=id", nil, &sections); code != 200 || len(sections.Items) != 1 {
		t.Fatalf("a published section: %d %+v", code, sections)
	}
	live := sections.Items[0]
	var page struct {
		Preview string `json:"forhandsvisning"`
	}
	if code := a.call("GET", desk+"side/rapportdeler/"+live.ID, nil, &page); code != 200 {
		t.Fatalf("the section's page: %d", code)
	}

	// 1. «Lag arbeidskopi», and the new text saved in the copy.
	var started struct {
		ID string `json:"id"`
	}
	if code := a.call("POST", desk+"arbeidskopi/rapportdeler/"+live.ID, nil, &started); code != 200 {
		t.Fatalf("Lag arbeidskopi: %d", code)
	}
	var copied struct {
		Updated string `json:"updated"`
	}
	a.call("GET", "/api/collections/rapportdeler/records/"+started.ID, nil, &copied)
	const newText = "Ny tekst skrevet i arbeidskopien."
	var saved struct {
		Updated string `json:"updated"`
	}
	if code := a.call("PATCH", "/api/collections/rapportdeler/records/"+started.ID, map[string]any{"tekst": newText, "updated": copied.Updated}, &saved); code != 200 {
		t.Fatalf("save the working copy: %d", code)
	}
	// A save based on the version before is refused.
	var conflict struct {
		Message string `json:"message"`
	}
	if code := a.call("PATCH", "/api/collections/rapportdeler/records/"+started.ID, map[string]any{"tekst": "Gammel versjon.", "updated": copied.Updated}, &conflict); code != http.StatusConflict ||
		!strings.Contains(conflict.Message, "endret denne posten") {
		t.Errorf("a stale save of the working copy: %d %q; want 409 saying who changed it", code, conflict.Message)
	}

	// 2. The preview shows the copy, marked; the public API the old text,
	// and not the copy.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err := browser.PostForm(base+"/forhandsvisning/logg-inn", url.Values{"epost": {"redaktor@example.org"}, "passord": {"Et-langt-passord-2026"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	eventually(t, 15*time.Second, "the working copy in the preview", func() bool {
		res, err := browser.Get(base + page.Preview)
		if err != nil {
			return false
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode == 200 && strings.Contains(string(body), newText) && strings.Contains(string(body), "Arbeidskopi")
	})
	var shown struct {
		Tekst string `json:"tekst"`
	}
	if code := public.call("GET", "/api/collections/rapportdeler/records/"+live.ID, nil, &shown); code != 200 || shown.Tekst != live.Tekst {
		t.Errorf("the public API during the working copy: %d %q; want the old text", code, shown.Tekst)
	}
	if code := public.call("GET", "/api/collections/rapportdeler/records/"+started.ID, nil, nil); code != 404 {
		t.Errorf("the working copy in the public API: %d; want 404", code)
	}

	// 3. «Klar til godkjenning»; the editor who marked it cannot approve it.
	var ready struct {
		Version string `json:"versjon"`
	}
	if code := a.call("POST", desk+"klar/rapportdeler/"+started.ID, nil, &ready); code != 200 {
		t.Fatalf("Klar til godkjenning: %d", code)
	}
	var refused struct {
		Message string `json:"message"`
	}
	if code := a.call("POST", desk+"godkjenn/rapportdeler/"+started.ID, map[string]string{"versjon": ready.Version}, &refused); code != http.StatusForbidden ||
		!strings.Contains(refused.Message, "kan ikke godkjenne den") {
		t.Errorf("self-approval: %d %q; want 403", code, refused.Message)
	}

	// 4. The second editor sees the version and approves it: it is public.
	var state struct {
		Version    string `json:"versjon"`
		MayApprove bool   `json:"kanGodkjenne"`
		ReadyBy    string `json:"klarAv"`
	}
	if code := b.call("GET", desk+"arbeidsflyt/rapportdeler/"+started.ID, nil, &state); code != 200 || !state.MayApprove || state.ReadyBy != "redaktor@example.org" {
		t.Fatalf("the state the approver sees: %d %+v", code, state)
	}
	if code := b.call("POST", desk+"godkjenn/rapportdeler/"+started.ID, map[string]string{"versjon": state.Version}, nil); code != 200 {
		t.Fatalf("Godkjenn og publiser: %d", code)
	}
	if code := public.call("GET", "/api/collections/rapportdeler/records/"+live.ID, nil, &shown); code != 200 || shown.Tekst != newText+"\n" {
		t.Errorf("the public API after approval: %d %q; want the new text", code, shown.Tekst)
	}
	if code := b.call("POST", desk+"godkjenn/rapportdeler/"+started.ID, map[string]string{"versjon": state.Version}, &refused); code != http.StatusConflict ||
		!strings.Contains(refused.Message, "finnes ikke lenger") {
		t.Errorf("a second approval: %d %q; want 409", code, refused.Message)
	}

	// 5. A new page is not published by a save; alone, with a reason, it
	// is, and the publication log names the reason.
	var project struct {
		ID      string `json:"id"`
		Updated string `json:"updated"`
	}
	if code := a.call("POST", "/api/collections/prosjekter/records", map[string]any{"tittel": "Hasteprosjekt", "aar": 2026, "status": "publisert"}, &refused); code != 400 ||
		!strings.Contains(refused.Message, "godkjent") {
		t.Errorf("a new page saved as published: %d %q; want 400", code, refused.Message)
	}
	if code := a.call("POST", "/api/collections/prosjekter/records", map[string]any{"tittel": "Hasteprosjekt", "aar": 2026, "status": "utkast"}, &project); code != 200 {
		t.Fatalf("create the draft: %d", code)
	}
	a.call("GET", desk+"arbeidsflyt/prosjekter/"+project.ID, nil, &state)
	if code := a.call("POST", desk+"publiser-alene/prosjekter/"+project.ID, map[string]string{"versjon": state.Version, "begrunnelse": ""}, &refused); code != 400 {
		t.Errorf("publishing alone without a reason: %d; want 400", code)
	}
	const reason = "Eneste redaktør på jobb i fellesferien."
	if code := a.call("POST", desk+"publiser-alene/prosjekter/"+project.ID, map[string]string{"versjon": state.Version, "begrunnelse": reason}, nil); code != 200 {
		t.Fatalf("Publiser uten godkjenning: %d", code)
	}
	if code := public.call("GET", "/api/collections/prosjekter/records/"+project.ID, nil, nil); code != 200 {
		t.Errorf("the project published alone, in the public API: %d; want 200", code)
	}
	eventually(t, 10*time.Second, "the reason in the publication log", func() bool {
		for _, p := range a.publications() {
			if strings.Contains(p.Aarsak, reason) && strings.Contains(p.Aarsak, "redaktor@example.org") {
				return true
			}
		}
		return false
	})
}
