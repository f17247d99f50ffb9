package workflow_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schedule"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/workflow"
)

// fixture is an app with the workflow, the seed content and two editors.
type fixture struct {
	app       *tests.TestApp
	flow      *workflow.Flow
	keeper    *history.Keeper
	a, b      *core.Record // the editors
	announced []string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	f := &fixture{app: pbtest.NewApp(t)}
	pbtest.ImportSeeds(t, f.app)
	f.keeper = history.Register(f.app)
	f.flow = workflow.Register(f.app, f.keeper, time.Now, func(reason string) { f.announced = append(f.announced, reason) })
	f.a = pbtest.AddEditor(t, f.app)
	f.b = addEditor(t, f.app, "annen@example.org")
	return f
}

func addEditor(t testing.TB, app core.App, email string) *core.Record {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.SetEmail(email)
	r.SetPassword(pbtest.EditorPassword)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) find(t *testing.T, collection, filter string) *core.Record {
	t.Helper()
	r, err := f.app.FindFirstRecordByFilter(collection, filter)
	if err != nil {
		t.Fatalf("find %s %s: %v", collection, filter, err)
	}
	return r
}

func (f *fixture) reload(t *testing.T, r *core.Record) *core.Record {
	t.Helper()
	r, err := f.app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		t.Fatalf("reload %s: %v", r.Id, err)
	}
	return r
}

func (f *fixture) version(t *testing.T, r *core.Record) string {
	t.Helper()
	v, err := workflow.Version(f.app, f.reload(t, r))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// wantRefusal fails unless err is a workflow refusal with status and a
// message containing want.
func wantRefusal(t *testing.T, what string, err error, status int, want string) {
	t.Helper()
	if err == nil || workflow.StatusOf(err) != status || !strings.Contains(err.Error(), want) {
		t.Errorf("%s: %v (status %d); want %d with %q", what, err, workflow.StatusOf(err), status, want)
	}
}

func reportOf(reports []content.Report, year int) *content.Report {
	for i := range reports {
		if reports[i].Year == year {
			return &reports[i]
		}
	}
	return nil
}

func sectionsOf(reports []content.Report, year int) []content.Section {
	if r := reportOf(reports, year); r != nil {
		return r.Sections
	}
	return nil
}

func bySlug(sections []content.Section, slug string) (content.Section, bool) {
	for _, s := range sections {
		if s.Slug == slug {
			return s, true
		}
	}
	return content.Section{}, false
}

func countSlug(sections []content.Section, slug string) int {
	n := 0
	for _, s := range sections {
		if s.Slug == slug {
			n++
		}
	}
	return n
}

func hasMember(r *content.Report, name string) bool {
	for _, m := range r.Members {
		if m.Name == name {
			return true
		}
	}
	return false
}

// TestWorkingCopyOfASection walks the heart of the workflow: a working
// copy of a published section, seen in the preview only, marked ready by
// one editor, refused to that editor's approval and to a stale one, and
// published by the other's approval of the version they saw.
func TestWorkingCopyOfASection(t *testing.T) {
	f := newFixture(t)
	report := f.find(t, schema.Reports, "aar = 2025")
	live := f.find(t, schema.Sections, "rapport = '"+report.Id+"' && status = 'publisert'")
	oldBody := live.GetString(schema.FieldBody)

	c, err := f.flow.Start(f.app, schema.Sections, live.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := f.flow.Start(f.app, schema.Sections, live.Id, f.b); err != nil || again.Id != c.Id {
		t.Errorf("a second Start: %v, %v; want the same copy %s", again, err, c.Id)
	}
	c.Set(schema.FieldBody, "Ny tekst i arbeidskopien.")
	if err := f.app.Save(c); err != nil {
		t.Fatal(err)
	}

	public, _, err := records.Load(f.app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	preview, _, err := records.LoadPreview(f.app, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	slug := live.GetString(schema.FieldSlug)
	for _, tc := range []struct {
		name       string
		tree       []content.Section
		body       string
		copyMarked bool
	}{
		{"public", sectionsOf(public.Reports, 2025), oldBody, false},
		{"preview", sectionsOf(preview.Reports, 2025), "Ny tekst i arbeidskopien.\n", true},
	} {
		s, ok := bySlug(tc.tree, slug)
		if !ok {
			t.Fatalf("%s: no section %s", tc.name, slug)
		}
		if s.Body != tc.body || s.WorkingCopy != tc.copyMarked || s.Draft {
			t.Errorf("%s: body %q, working copy %v, draft %v; want %q, %v, false", tc.name, s.Body, s.WorkingCopy, s.Draft, tc.body, tc.copyMarked)
		}
		if n := countSlug(tc.tree, slug); n != 1 {
			t.Errorf("%s: section %s %d times; want once", tc.name, slug, n)
		}
	}

	// Approving needs a version marked ready, by someone else.
	seen := f.version(t, c)
	_, err = f.flow.Approve(f.app, schema.Sections, c.Id, seen, f.b)
	wantRefusal(t, "approval before ready", err, http.StatusConflict, "ikke meldt klar")
	if _, err := f.flow.MarkReady(f.app, schema.Sections, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	_, err = f.flow.Approve(f.app, schema.Sections, c.Id, f.version(t, c), f.a)
	wantRefusal(t, "self-approval", err, http.StatusForbidden, "kan ikke godkjenne den")
	_, err = f.flow.Approve(f.app, schema.Sections, c.Id, seen, f.b)
	wantRefusal(t, "approval of an older version", err, http.StatusConflict, "endret etter at du så den")

	msg, err := f.flow.Approve(f.app, schema.Sections, c.Id, f.version(t, c), f.b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "publisert") {
		t.Errorf("approval message %q", msg)
	}
	live = f.reload(t, live)
	if live.GetString(schema.FieldBody) != "Ny tekst i arbeidskopien.\n" || live.GetString(schema.FieldApprovedBy) != f.b.Email() || live.GetString(schema.FieldReadyBy) != f.a.Email() {
		t.Errorf("live section after approval: body %q, approved by %q, ready by %q", live.GetString(schema.FieldBody), live.GetString(schema.FieldApprovedBy), live.GetString(schema.FieldReadyBy))
	}
	if _, err := f.app.FindRecordById(schema.Sections, c.Id); err == nil {
		t.Error("the working copy is still there after publication")
	}
	entries, _, _ := history.Entries(f.app, schema.Sections, live.Id, 1, 1)
	if len(entries) != 1 || entries[0].Who != f.b.Email() || entries[0].After[schema.FieldApprovedBy] != f.b.Email() {
		t.Errorf("the live section's last history entry %+v; want the approval by %s", entries, f.b.Email())
	}

	// The second approval of the same version finds it gone.
	_, err = f.flow.Approve(f.app, schema.Sections, c.Id, seen, f.b)
	wantRefusal(t, "second approval", err, http.StatusConflict, "finnes ikke lenger")
}

// TestReportCopyCarriesItsParts: the copy of a report has copies of its
// members, links and grant round; changes to them are public only after
// approval, and the live parts keep their ids.
func TestReportCopyCarriesItsParts(t *testing.T) {
	f := newFixture(t)
	live := f.find(t, schema.Reports, "aar = 2025")
	count := func(collection, report string) int {
		n, err := f.app.CountRecords(collection, dbx.HashExp{schema.FieldReport: report})
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	before := map[string]int{}
	for _, part := range schema.CopiedParts {
		before[part] = count(part, live.Id)
	}
	c, err := f.flow.Start(f.app, schema.Reports, live.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range schema.CopiedParts {
		if got := count(part, c.Id); got != before[part] {
			t.Errorf("the copy has %d %s; want %d", got, part, before[part])
		}
	}
	// Rename a member in the copy, add a link, and drop the grant round.
	member := f.find(t, schema.Memberships, "rapport = '"+c.Id+"'")
	liveMember := member.GetString(schema.FieldWorkingCopyOf)
	member.Set(schema.FieldName, "Nytt Navn")
	if err := f.app.Save(member); err != nil {
		t.Fatal(err)
	}
	links, _ := f.app.FindCollectionByNameOrId(schema.Links)
	link := core.NewRecord(links)
	link.Set(schema.FieldReport, c.Id)
	link.Set(schema.FieldTitle, "Ny lenke")
	link.Set("url", "https://example.org/ny")
	if err := f.app.Save(link); err != nil {
		t.Fatal(err)
	}
	if before[schema.GrantRounds] == 1 {
		if err := f.app.Delete(f.find(t, schema.GrantRounds, "rapport = '"+c.Id+"'")); err != nil {
			t.Fatal(err)
		}
	}

	// A section saved in Go with the copy as its report.
	sections, _ := f.app.FindCollectionByNameOrId(schema.Sections)
	stray := core.NewRecord(sections)
	stray.Load(map[string]any{schema.FieldReport: c.Id, "tittel": "Ny del i kopien", "status": "utkast"})
	if err := f.app.Save(stray); err != nil {
		t.Fatal(err)
	}

	public, _, _ := records.Load(f.app, time.Now())
	if rep := reportOf(public.Reports, 2025); rep == nil || hasMember(rep, "Nytt Navn") {
		t.Error("the public export shows the copy's member before approval")
	}
	if _, err := f.flow.MarkReady(f.app, schema.Reports, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.flow.Approve(f.app, schema.Reports, c.Id, f.version(t, c), f.b); err != nil {
		t.Fatal(err)
	}
	m, err := f.app.FindRecordById(schema.Memberships, liveMember)
	if err != nil || m.GetString(schema.FieldName) != "Nytt Navn" || m.GetString(schema.FieldReport) != live.Id {
		t.Errorf("the live member %s after approval: %v %v; want it renamed, in the live report", liveMember, m, err)
	}
	if got := count(schema.Links, live.Id); got != before[schema.Links]+1 {
		t.Errorf("the live report has %d links; want %d", got, before[schema.Links]+1)
	}
	if got := count(schema.GrantRounds, live.Id); got != 0 {
		t.Errorf("the live report has %d grant rounds; want 0", got)
	}
	if got := count(schema.Memberships, live.Id); got != before[schema.Memberships] {
		t.Errorf("the live report has %d members; want %d", got, before[schema.Memberships])
	}
	if got := f.reload(t, stray).GetString(schema.FieldReport); got != live.Id {
		t.Errorf("the section saved in the copy belongs to %q after approval; want the live report", got)
	}
}

// TestSavesStayInsideTheWorkflow sends the saves that would go around the
// workflow through the API, as an editor: each is refused in Norwegian
// while approval is required, and a takedown always goes through.
func TestSavesStayInsideTheWorkflow(t *testing.T) {
	var liveID, copyID string
	factory := func(t testing.TB) *tests.TestApp {
		f := newFixture(t)
		liveProject, err := f.app.FindFirstRecordByFilter(schema.Projects, "status = 'publisert'")
		if err != nil {
			t.Fatal(err)
		}
		liveID = liveProject.Id
		c, err := f.flow.Start(f.app, schema.Projects, liveID, f.a)
		if err != nil {
			t.Fatal(err)
		}
		copyID = c.Id
		return f.app
	}
	projects := "/api/collections/" + schema.Projects + "/records"
	report := func(app *tests.TestApp) string {
		r, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025")
		if err != nil {
			t.Fatal(err)
		}
		return r.Id
	}
	scenarios := []struct {
		name, method string
		url          func() string
		body         func(*tests.TestApp) string
		status       int
		want         string
	}{
		{"a new page saved as published", http.MethodPost, func() string { return projects }, func(*tests.TestApp) string {
			return `{"tittel":"Rett ut","aar":2026,"status":"publisert"}`
		}, 400, "En ny side publiseres når en annen redaktør har godkjent den"},
		{"a draft set to published", http.MethodPatch, func() string { return projects + "/" + copyID }, func(*tests.TestApp) string {
			return `{"status":"publisert"}`
		}, 400, "En arbeidskopi publiseres med «Godkjenn og publiser»"},
		{"a live page's text changed in place", http.MethodPatch, func() string { return projects + "/" + liveID }, func(*tests.TestApp) string {
			return `{"tekst":"Rett på nettstedet."}`
		}, 400, "Endringer i en publisert side gjøres i en arbeidskopi"},
		{"a working copy made by hand", http.MethodPost, func() string { return projects }, func(*tests.TestApp) string {
			return `{"tittel":"Kopi","aar":2026,"status":"utkast","arbeidskopi_av":"` + liveID + `"}`
		}, 400, "En arbeidskopi lages med «Lag arbeidskopi»"},
		{"a member added to a live report", http.MethodPost, func() string { return "/api/collections/" + schema.Memberships + "/records" }, func(app *tests.TestApp) string {
			return `{"rapport":"` + report(app) + `","navn":"Ny Person","organ":"SSU"}`
		}, 400, "endres i rapportens arbeidskopi"},
		{"a section put in a report's working copy", http.MethodPost, func() string { return "/api/collections/" + schema.Sections + "/records" }, func(app *tests.TestApp) string {
			return `{"rapport":"` + reportCopy(t, app) + `","tittel":"Ny del","status":"utkast"}`
		}, 400, "er en arbeidskopi. Velg den publiserte versjonen"},
		{"a working copy saved after it was thrown away", http.MethodPatch, func() string { return "/api/collections/" + schema.ID(schema.Projects) + "/records/" + copyID }, func(app *tests.TestApp) string {
			c, err := app.FindRecordById(schema.Projects, copyID)
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Delete(c); err != nil {
				t.Fatal(err)
			}
			return `{"tekst":"Skrevet mens den ble forkastet."}`
		}, 404, "slettet denne posten"},
		{"a member of a report's copy marked ready changed by another editor", http.MethodPost, func() string { return "/api/collections/" + schema.Memberships + "/records" }, func(app *tests.TestApp) string {
			id := reportCopy(t, app)
			c, _ := app.FindRecordById(schema.Reports, id)
			c.Set(schema.FieldStatus, schema.StatusReady)
			c.Set(schema.FieldReadyBy, "annen@example.org")
			c.Set(schema.FieldApprovedBy, "tredje@example.org")
			if err := app.Save(c); err != nil {
				t.Fatal(err)
			}
			return `{"rapport":"` + id + `","navn":"Ny Person","organ":"SSU"}`
		}, 200, `"navn":"Ny Person"`},
		{"a live page taken down", http.MethodPatch, func() string { return projects + "/" + liveID }, func(*tests.TestApp) string {
			return `{"status":"utkast"}`
		}, 200, `"status":"utkast"`},
		{"a takedown scheduled on a live page", http.MethodPatch, func() string { return projects + "/" + liveID }, func(*tests.TestApp) string {
			return `{"avpubliser_fra":"2999-01-01 00:00:00.000Z"}`
		}, 200, `"avpubliser_fra":"2999-01-01 00:00:00.000Z"`},
		{"a working copy edited and marked ready in the form", http.MethodPatch, func() string { return projects + "/" + copyID }, func(*tests.TestApp) string {
			return `{"tekst":"Ny tekst.","status":"klar","godkjent_av":"falsk@example.org"}`
		}, 200, `"klar_av":"` + pbtest.EditorEmail + `"`},
	}
	for _, sc := range scenarios {
		// The URL and body name records the fixture makes: the app is
		// made before the scenario.
		app := factory(t)
		s := tests.ApiScenario{
			Name:            sc.name,
			Method:          sc.method,
			URL:             sc.url(),
			Body:            strings.NewReader(sc.body(app)),
			TestAppFactory:  func(testing.TB) *tests.TestApp { return app },
			BeforeTestFunc:  pbtest.AsEditor,
			ExpectedStatus:  sc.status,
			ExpectedContent: []string{sc.want},
		}
		if sc.status == 200 {
			s.NotExpectedContent = []string{"falsk@example.org"}
		}
		if strings.HasPrefix(sc.name, "a member of a report's copy") {
			s.AfterTestFunc = func(t testing.TB, app *tests.TestApp, _ *http.Response) {
				c, err := app.FindFirstRecordByFilter(schema.Reports, "arbeidskopi_av != ''")
				if err != nil {
					t.Fatal(err)
				}
				if c.GetString(schema.FieldReadyBy) != pbtest.EditorEmail || c.GetString(schema.FieldApprovedBy) != "" {
					t.Errorf("the report's copy after its member was changed: ready by %q, approved by %q; want ready by the editor who changed it, not approved",
						c.GetString(schema.FieldReadyBy), c.GetString(schema.FieldApprovedBy))
				}
			}
		}
		s.Test(t)
	}
}

// reportCopy is the id of a working copy of the 2025 report, made for
// the test.
func reportCopy(t *testing.T, app *tests.TestApp) string {
	t.Helper()
	r, err := app.FindFirstRecordByFilter(schema.Reports, "aar = 2025 && arbeidskopi_av = ''")
	if err != nil {
		t.Fatal(err)
	}
	coll, _ := app.FindCollectionByNameOrId(schema.Reports)
	c := core.NewRecord(coll)
	c.Load(map[string]any{"aar": 2025, "tittel": "Kopi", "status": "utkast", schema.FieldWorkingCopyOf: r.Id})
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	return c.Id
}

// TestDeletedLivePageKeepsItsCopy: deleting a page with a working copy
// (a takedown, never held back) keeps the copy, as a draft, and an
// approval of the version seen before is refused with a reason.
func TestDeletedLivePageKeepsItsCopy(t *testing.T) {
	f := newFixture(t)
	live := f.find(t, schema.Projects, "status = 'publisert'")
	c, err := f.flow.Start(f.app, schema.Projects, live.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.flow.MarkReady(f.app, schema.Projects, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	seen := f.version(t, c)
	if err := f.app.Delete(f.reload(t, live)); err != nil {
		t.Fatalf("delete the live page: %v", err)
	}
	kept := f.reload(t, c)
	if schema.IsWorkingCopy(kept) || kept.GetString(schema.FieldStatus) != schema.StatusDraft || kept.GetString(schema.FieldTitle) != live.GetString(schema.FieldTitle) {
		t.Errorf("the copy after its page was deleted: copy of %q, status %q; want a draft of its own", kept.GetString(schema.FieldWorkingCopyOf), kept.GetString(schema.FieldStatus))
	}
	_, err = f.flow.Approve(f.app, schema.Projects, c.Id, seen, f.b)
	wantRefusal(t, "approval after the page was deleted", err, http.StatusConflict, "endret etter at du så den")
	_, err = f.flow.Start(f.app, schema.Projects, live.Id, f.a)
	wantRefusal(t, "a working copy of the deleted page", err, http.StatusNotFound, "finnes ikke lenger")
}

// TestPublishWhileTakedownScheduled: a new page whose takedown time has
// passed is not published; a working copy published onto a page whose
// takedown is scheduled keeps the takedown, and says so.
func TestPublishWhileTakedownScheduled(t *testing.T) {
	f := newFixture(t)
	coll, _ := f.app.FindCollectionByNameOrId(schema.Projects)
	draft := core.NewRecord(coll)
	draft.Load(map[string]any{"tittel": "Kort liv", "aar": 2026, "status": "utkast", "avpubliser_fra": time.Now().Add(-time.Hour)})
	if err := f.app.Save(draft); err != nil {
		t.Fatal(err)
	}
	_, err := f.flow.PublishAlone(f.app, schema.Projects, draft.Id, f.version(t, draft), "Må ut i dag, før møtet.", f.a)
	wantRefusal(t, "publishing past its takedown", err, http.StatusConflict, "skulle vært tatt ned")

	live := f.find(t, schema.Projects, "status = 'publisert'")
	c, err := f.flow.Start(f.app, schema.Projects, live.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	until := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Millisecond)
	live = f.reload(t, live)
	live.Set(schema.FieldUnpublishAt, until)
	if err := f.app.Save(live); err != nil {
		t.Fatal(err)
	}
	if _, err := f.flow.MarkReady(f.app, schema.Projects, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	msg, err := f.flow.Approve(f.app, schema.Projects, c.Id, f.version(t, c), f.b)
	if err != nil || !strings.Contains(msg, "fortsatt planlagt tatt ned") {
		t.Errorf("approval while a takedown is scheduled: %q, %v; want a note of the takedown", msg, err)
	}
	if got := f.reload(t, live).GetDateTime(schema.FieldUnpublishAt).Time(); !got.Equal(until) {
		t.Errorf("avpubliser_fra after the approval is %v; want %v", got, until)
	}
}

// TestPublishAloneIsLogged: without a reason, no publication; with one,
// the page is public, the reason on it, in its history and announced
// for the publication log.
func TestPublishAloneIsLogged(t *testing.T) {
	f := newFixture(t)
	coll, _ := f.app.FindCollectionByNameOrId(schema.Projects)
	draft := core.NewRecord(coll)
	draft.Load(map[string]any{"tittel": "Hastesak", "aar": 2026, "status": "utkast"})
	if err := f.app.Save(draft); err != nil {
		t.Fatal(err)
	}
	_, err := f.flow.PublishAlone(f.app, schema.Projects, draft.Id, f.version(t, draft), "  fordi ", f.a)
	wantRefusal(t, "publishing alone without a reason", err, http.StatusBadRequest, "Skriv hvorfor")
	reason := "Alene på kontoret i juli; rettelse av et telefonnummer."
	if _, err := f.flow.PublishAlone(f.app, schema.Projects, draft.Id, f.version(t, draft), reason, f.a); err != nil {
		t.Fatal(err)
	}
	r := f.reload(t, draft)
	if r.GetString(schema.FieldStatus) != schema.StatusPublished || r.GetString(schema.FieldAloneReason) != reason {
		t.Errorf("after publishing alone: status %q, reason %q", r.GetString(schema.FieldStatus), r.GetString(schema.FieldAloneReason))
	}
	entries, _, _ := history.Entries(f.app, schema.Projects, r.Id, 1, 1)
	if len(entries) != 1 || entries[0].Who != f.a.Email() || entries[0].After[schema.FieldAloneReason] != reason {
		t.Errorf("history %+v; want the publication by %s with its reason", entries, f.a.Email())
	}
	if len(f.announced) != 1 || !strings.Contains(f.announced[0], reason) || !strings.Contains(f.announced[0], f.a.Email()) {
		t.Errorf("announced %q; want one line with the editor and the reason", f.announced)
	}
}

// TestRestoreOfLivePageGoesToWorkingCopy: restoring an old text of a
// published page fills its working copy; the live page is unchanged.
func TestRestoreOfLivePageGoesToWorkingCopy(t *testing.T) {
	t.Setenv(schema.ApprovalSetting, "av") // to edit the live page in place first
	f := newFixture(t)
	live := f.find(t, schema.Projects, "status = 'publisert' && tekst != ''")
	oldBody := live.GetString(schema.FieldBody)
	live.Set(schema.FieldBody, "Ny tekst.")
	if err := f.app.Save(live); err != nil {
		t.Fatal(err)
	}
	t.Setenv(schema.ApprovalSetting, "")
	entries, _, _ := history.Entries(f.app, schema.Projects, live.Id, 1, 1)
	u, err := history.PlanUndo(f.app, entries[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := f.keeper.Undo(f.app, u, f.a)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.reload(t, live).GetString(schema.FieldBody); got != "Ny tekst.\n" {
		t.Errorf("the live page's text after the undo is %q; want it unchanged", got)
	}
	c, err := workflow.CopyOf(f.app, live)
	if err != nil || c == nil {
		t.Fatalf("no working copy after the undo: %v", err)
	}
	if saved == nil || saved.Id != c.Id {
		t.Errorf("Undo says it changed %v; want the working copy %s", saved, c.Id)
	}
	if c.GetString(schema.FieldBody) != oldBody || c.GetString(schema.FieldStatus) != schema.StatusDraft {
		t.Errorf("the working copy: text %q, status %q; want the old text, as a draft", c.GetString(schema.FieldBody), c.GetString(schema.FieldStatus))
	}
}

// TestApprovedCopyWaitsForItsTime: an approved working copy with
// publiser_fra ahead stays a copy until the scheduler's run at that time
// sets it on the live page.
func TestApprovedCopyWaitsForItsTime(t *testing.T) {
	f := newFixture(t)
	live := f.find(t, schema.Projects, "status = 'publisert'")
	c, err := f.flow.Start(f.app, schema.Projects, live.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	c.Set(schema.FieldBody, "Teksten fra i morgen.")
	c.Set(schema.FieldPublishAt, at)
	if err := f.app.Save(c); err != nil {
		t.Fatal(err)
	}
	if _, err := f.flow.MarkReady(f.app, schema.Projects, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	msg, err := f.flow.Approve(f.app, schema.Projects, c.Id, f.version(t, c), f.b)
	if err != nil || !strings.Contains(msg, "publiseres") {
		t.Fatalf("approval of a copy for later: %q, %v", msg, err)
	}
	if got := f.reload(t, live).GetString(schema.FieldBody); got == "Teksten fra i morgen.\n" {
		t.Fatal("the live page has the copy's text before its time")
	}
	if _, _, err := schedule.Apply(f.app, at.Add(-time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.FindRecordById(schema.Projects, c.Id); err != nil {
		t.Fatal("the copy is gone before its time")
	}
	if p, _, err := schedule.Apply(f.app, at); err != nil || p != 1 {
		t.Fatalf("Apply at publiser_fra: %d, %v; want 1 published", p, err)
	}
	l := f.reload(t, live)
	if l.GetString(schema.FieldBody) != "Teksten fra i morgen.\n" || l.GetString(schema.FieldStatus) != schema.StatusPublished || l.GetString(schema.FieldApprovedBy) != f.b.Email() {
		t.Errorf("the live page at publiser_fra: text %q, status %q, approved by %q", l.GetString(schema.FieldBody), l.GetString(schema.FieldStatus), l.GetString(schema.FieldApprovedBy))
	}
	if _, err := f.app.FindRecordById(schema.Projects, c.Id); err == nil {
		t.Error("the copy is still there after its publication")
	}
}

// BenchmarkReportCopyPublished measures a working copy of the 2025 seed
// report (with its members, links and grant round) made, marked ready
// and approved.
func BenchmarkReportCopyPublished(b *testing.B) {
	f := newFixture(b)
	live, err := f.app.FindFirstRecordByFilter(schema.Reports, "aar = 2025 && arbeidskopi_av = ''")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c, err := f.flow.Start(f.app, schema.Reports, live.Id, f.a)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.flow.MarkReady(f.app, schema.Reports, c.Id, f.a); err != nil {
			b.Fatal(err)
		}
		c, _ = f.app.FindRecordById(schema.Reports, c.Id)
		v, err := workflow.Version(f.app, c)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.flow.Approve(f.app, schema.Reports, c.Id, v, f.b); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTermsFollowTheWorkflow: a new term is published as a new page is,
// after one editor marks it ready and another approves it, and a live
// term is renamed through a working copy while the public keeps its name.
func TestTermsFollowTheWorkflow(t *testing.T) {
	f := newFixture(t)
	publicTerm := func(slug string) (content.Term, bool) {
		t.Helper()
		tree, _, err := records.Load(f.app, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range tree.Terms {
			if term.Taxonomy == "pasientgrupper" && term.Slug == slug {
				return term, true
			}
		}
		return content.Term{}, false
	}

	coll, err := f.app.FindCollectionByNameOrId(schema.PatientGroups)
	if err != nil {
		t.Fatal(err)
	}
	term := core.NewRecord(coll)
	term.Set(schema.FieldName, "Ny pasientgruppe")
	if err := f.keeper.Save(f.app, term, f.a); err != nil {
		t.Fatal(err)
	}
	if _, ok := publicTerm("ny-pasientgruppe"); ok {
		t.Error("a new term is public before it is approved")
	}
	if _, err := f.flow.MarkReady(f.app, schema.PatientGroups, term.Id, f.a); err != nil {
		t.Fatal(err)
	}
	_, err = f.flow.Approve(f.app, schema.PatientGroups, term.Id, f.version(t, term), f.a)
	wantRefusal(t, "self-approval of a term", err, http.StatusForbidden, "kan ikke godkjenne den")
	if _, err := f.flow.Approve(f.app, schema.PatientGroups, term.Id, f.version(t, term), f.b); err != nil {
		t.Fatal(err)
	}
	if _, ok := publicTerm("ny-pasientgruppe"); !ok {
		t.Error("an approved term is not public")
	}

	c, err := f.flow.Start(f.app, schema.PatientGroups, term.Id, f.a)
	if err != nil {
		t.Fatal(err)
	}
	c.Set(schema.FieldName, "Omdøpt pasientgruppe")
	if err := f.keeper.Save(f.app, c, f.a); err != nil {
		t.Fatal(err)
	}
	if got, _ := publicTerm("ny-pasientgruppe"); got.Title != "Ny pasientgruppe" {
		t.Errorf("the public term's name during the working copy is %q; want the live one", got.Title)
	}
	if _, err := f.flow.MarkReady(f.app, schema.PatientGroups, c.Id, f.a); err != nil {
		t.Fatal(err)
	}
	if _, err := f.flow.Approve(f.app, schema.PatientGroups, c.Id, f.version(t, c), f.b); err != nil {
		t.Fatal(err)
	}
	if got, _ := publicTerm("ny-pasientgruppe"); got.Title != "Omdøpt pasientgruppe" {
		t.Errorf("the public term's name after approval is %q; want the copy's", got.Title)
	}
}
