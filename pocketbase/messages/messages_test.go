package messages_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/messages"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

func newApp(t testing.TB) *tests.TestApp {
	app := pbtest.NewApp(t)
	messages.Register(app)
	return app
}

// withReport stores the 2031 report, so a second one for 2031 is a
// duplicate.
func withReport(t testing.TB, app *tests.TestApp, e *core.ServeEvent) {
	pbtest.AsEditor(t, app, e)
	coll, err := app.FindCollectionByNameOrId(schema.Reports)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldYear, 2031)
	r.Set(schema.FieldTitle, "Årsrapport 2031")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

// english are PocketBase's own messages, none of which may reach an
// editor.
var english = []string{"Cannot be blank", "cannot be blank", "Value must be unique", "Must be no more than", "Must be greater", "Must be a valid url", "Failed to create record", "Failed to update record", "Decimal numbers"}

func TestMessagesAreNorwegian(t *testing.T) {
	reports := "/api/collections/" + schema.Reports + "/records"
	links := "/api/collections/" + schema.Links + "/records"
	scenarios := []tests.ApiScenario{
		{
			Name: "a required number left out", Method: http.MethodPost, URL: reports,
			Body:           strings.NewReader(`{"tittel":"Rapport uten år","status":"utkast"}`),
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 400,
			ExpectedContent: []string{
				`"message":"Posten ble ikke lagret. Rett det som er merket, og lagre igjen."`,
				`"aar":{"code":"validation_required","message":"Feltet må fylles ut."}`,
			},
		},
		{
			Name: "a year already used", Method: http.MethodPost, URL: reports,
			Body:            strings.NewReader(`{"tittel":"Enda en 2031","aar":2031,"status":"utkast"}`),
			BeforeTestFunc:  withReport,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"code":"validation_not_unique","message":"Verdien er allerede brukt av en annen post. Velg en annen."`},
		},
		{
			Name: "a number out of range, with decimals", Method: http.MethodPost, URL: reports,
			Body:           strings.NewReader(`{"tittel":"For tidlig","aar":1999,"moter":2.5,"status":"utkast"}`),
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 400,
			ExpectedContent: []string{
				`"aar":{"code":"validation_min_number_constraint","message":"Tallet må være minst 2000."`,
				`"moter":{"code":"validation_only_int_constraint","message":"Bare hele tall, uten desimaler."}`,
			},
		},
		{
			Name: "a text too long", Method: http.MethodPost, URL: reports,
			Body:            strings.NewReader(`{"tittel":"` + strings.Repeat("a", 201) + `","aar":2032,"status":"utkast"}`),
			BeforeTestFunc:  pbtest.AsEditor,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"tittel":{"code":"validation_max_text_constraint","message":"Teksten kan være høyst 200 tegn."`},
		},
		{
			Name: "a status that is not one of the choices", Method: http.MethodPost, URL: reports,
			Body:            strings.NewReader(`{"tittel":"Rapport","aar":2033,"status":"ferdig"}`),
			BeforeTestFunc:  pbtest.AsEditor,
			ExpectedStatus:  400,
			ExpectedContent: []string{`"status":{"code":"validation_invalid_value","message":"Verdien er ikke et av valgene."`},
		},
		{
			Name: "a link to a report that does not exist", Method: http.MethodPost, URL: links,
			Body:           strings.NewReader(`{"tittel":"Kilde","url":"https://example.org/","rapport":"finnesikke00000"}`),
			BeforeTestFunc: pbtest.AsEditor,
			ExpectedStatus: 400,
			ExpectedContent: []string{
				`"rapport":{"code":"validation_missing_rel_records","message":"Noe av det som er valgt, finnes ikke lenger. Velg på nytt."}`,
			},
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = func(t testing.TB) *tests.TestApp { return newApp(t) }
		s.NotExpectedContent = english
		s.Test(t)
	}
}

// TestUpdateAndGoSaves: an update over the API, and a save from Go (the
// importer's way), get the same Norwegian messages.
func TestUpdateAndGoSaves(t *testing.T) {
	app := newApp(t)
	coll, err := app.FindCollectionByNameOrId(schema.Reports)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set(schema.FieldTitle, "Uten år")
	err = app.Save(r)
	if err == nil || !strings.Contains(err.Error(), "aar: Feltet må fylles ut") {
		t.Errorf("save from Go without a year: %v; want the Norwegian message for aar", err)
	}

	r.Set(schema.FieldYear, 2031)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	(&tests.ApiScenario{
		Name: "update", Method: http.MethodPatch, URL: "/api/collections/" + schema.Reports + "/records/" + r.Id,
		Body:                  strings.NewReader(`{"aar":3000}`),
		TestAppFactory:        func(testing.TB) *tests.TestApp { return app },
		BeforeTestFunc:        pbtest.AsEditor,
		DisableTestAppCleanup: true,
		ExpectedStatus:        400,
		ExpectedContent: []string{
			`"message":"Endringen ble ikke lagret. Rett det som er merket, og lagre igjen."`,
			`"aar":{"code":"validation_max_number_constraint","message":"Tallet kan være høyst 2100."`,
		},
		NotExpectedContent: english,
	}).Test(t)
}
