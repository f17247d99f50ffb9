package stale_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/stale"
)

// server is the app's whole HTTP handler, as `ssu serve` runs it, with the
// history (who changed what) and the stale-save check.
func server(t *testing.T) (*tests.TestApp, http.Handler, string) {
	app := pbtest.NewApp(t)
	history.Register(app)
	stale.Register(app)
	editor := pbtest.AddEditor(t, app)
	token, err := editor.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return app, pbtest.Handler(t, app), token
}

type answer struct {
	Status  int            `json:"status"`
	Message string         `json:"message"`
	Updated string         `json:"updated"`
	Refused map[string]any `json:"avvist"`
}

func patch(t *testing.T, h http.Handler, token, id string, body map[string]any) (int, answer) {
	data, _ := json.Marshal(body)
	req := httptest.NewRequest(http.MethodPatch, "/api/collections/"+schema.Projects+"/records/"+id, bytes.NewReader(data))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var a answer
	json.Unmarshal(rec.Body.Bytes(), &a)
	return rec.Code, a
}

func newProject(t *testing.T, app core.App) *core.Record {
	coll, err := app.FindCollectionByNameOrId(schema.Projects)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, "Prosjekt")
	r.Set(schema.FieldYear, 2031)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestStaleSaveIsRefused: two editors open the same project; the first
// saves; the second's save, based on the version before, is refused with
// who changed it, and gets back what it tried to save. A save based on the
// current version, and one that sends no version, go through.
func TestStaleSaveIsRefused(t *testing.T) {
	app, h, token := server(t)
	r := newProject(t, app)
	opened := r.GetDateTime("updated").String()

	code, first := patch(t, h, token, r.Id, map[string]any{"tekst": "Den første redaktørens tekst.", "updated": opened})
	if code != 200 {
		t.Fatalf("first save: %d %+v", code, first)
	}
	code, second := patch(t, h, token, r.Id, map[string]any{"tekst": "Den andre redaktørens tekst.", "updated": opened})
	if code != http.StatusConflict {
		t.Fatalf("second save on the old version: %d; want 409", code)
	}
	if !strings.Contains(second.Message, "Endringen din er ikke lagret: "+pbtest.EditorEmail+" endret denne posten") {
		t.Errorf("message %q; want it to say who changed the record", second.Message)
	}
	if second.Refused["tekst"] != "Den andre redaktørens tekst." {
		t.Errorf("refused values %v; want the text sent back", second.Refused)
	}
	stored, err := app.FindRecordById(schema.Projects, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(stored.GetString(schema.FieldBody)); got != "Den første redaktørens tekst." {
		t.Errorf("stored text %q; want the first editor's", got)
	}

	if code, a := patch(t, h, token, r.Id, map[string]any{"tekst": "Etter å ha lastet på nytt.", "updated": first.Updated}); code != 200 {
		t.Errorf("save on the current version: %d %+v", code, a)
	}
	if code, a := patch(t, h, token, r.Id, map[string]any{"tekst": "Fra et skript."}); code != 200 {
		t.Errorf("save without a version: %d %+v", code, a)
	}
}

// TestConcurrentSavesOfOneVersion: of many saves sent at once on the same
// version, exactly one is stored.
func TestConcurrentSavesOfOneVersion(t *testing.T) {
	app, h, token := server(t)
	r := newProject(t, app)
	opened := r.GetDateTime("updated").String()
	const editors = 8
	codes := make([]int, editors)
	var wg sync.WaitGroup
	for i := range editors {
		wg.Go(func() {
			codes[i], _ = patch(t, h, token, r.Id, map[string]any{"tekst": strings.Repeat("x", i+1), "updated": opened})
		})
	}
	wg.Wait()
	ok := 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case http.StatusConflict:
		default:
			t.Errorf("status %d; want 200 or 409", c)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d saves on the same version went through; want 1 (%v)", ok, editors, codes)
	}
}
