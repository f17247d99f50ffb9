package preview

import (
	"errors"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
)

// perPage is how many changes a page of history shows.
const perPage = 30

// fieldDiff is a field a change changed, with the change shown as text
// struck out and added.
type fieldDiff struct {
	Field string
	Diff  template.HTML
}

// textDiff shows how before became after, word by word: removed text in
// <del>, added text in <ins>, all of it escaped.
func textDiff(before, after string) template.HTML {
	dmp := diffmatchpatch.New()
	var tokens []string
	index := map[string]rune{}
	encode := func(s string) []rune {
		var runes []rune
		for _, tok := range words.FindAllString(s, -1) {
			r, ok := index[tok]
			if !ok {
				r = rune(len(tokens))
				index[tok] = r
				tokens = append(tokens, tok)
			}
			runes = append(runes, r)
		}
		return runes
	}
	a, b := encode(before), encode(after)
	if len(tokens) > maxDiffWords {
		// Each word is one character to the differ, which cannot count
		// past the surrogates; and so long a diff helps nobody.
		return template.HTML(`<del><span class="visually-hidden">Tatt bort: </span>` + template.HTMLEscapeString(before) +
			`</del><ins><span class="visually-hidden">Lagt til: </span>` + template.HTMLEscapeString(after) + "</ins>")
	}
	diffs := dmp.DiffCleanupSemantic(dmp.DiffCharsToLines(dmp.DiffMainRunes(a, b, false), tokens))
	var out strings.Builder
	for _, d := range diffs {
		text := template.HTMLEscapeString(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			out.WriteString(`<del><span class="visually-hidden">Tatt bort: </span>` + text + "</del>")
		case diffmatchpatch.DiffInsert:
			out.WriteString(`<ins><span class="visually-hidden">Lagt til: </span>` + text + "</ins>")
		default:
			out.WriteString(text)
		}
	}
	return template.HTML(out.String())
}

// maxDiffWords is the most distinct words a diff is shown word by word
// for; beyond it the whole text before and after is shown.
const maxDiffWords = 20_000

// words splits a text into words and the space between them.
var words = regexp.MustCompile(`\s+|[^\s]+`)

func diffs(changes []history.FieldChange) []fieldDiff {
	out := make([]fieldDiff, len(changes))
	for i, c := range changes {
		out[i] = fieldDiff{Field: c.Field, Diff: textDiff(c.Before, c.After)}
	}
	return out
}

// when formats a time for editors, in Norwegian time.
func when(e history.Entry) string { return e.At.In(content.Zone).Format("02.01.2006 kl. 15.04.05") }

// page is the ?side= of a paged list, from 1.
func page(e *core.RequestEvent) int {
	n, err := strconv.Atoi(e.Request.URL.Query().Get("side"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// pageLinks are the numbers of the pages before and after, 0 for none.
func pageLinks(n int, more bool) (newer, older int) {
	if n > 1 {
		newer = n - 1
	}
	if more {
		older = n + 1
	}
	return newer, older
}

func historyURL(collection, id string) string { return Path + "_historikk/" + collection + "/" + id }

// pageHistory shows one record's changes, newest first, each with what it
// changed field by field.
func (p *Preview) pageHistory(e *core.RequestEvent) error {
	collection, id := e.Request.PathValue("samling"), e.Request.PathValue("post")
	n := page(e)
	entries, more, err := history.Entries(e.App, collection, id, n, perPage)
	if err != nil {
		return err
	}
	type shown struct {
		ID, When, Action, Who string
		Fields                []fieldDiff
	}
	var list []shown
	title := collection + " " + id
	for i, h := range entries {
		if i == 0 {
			title = h.Title
		}
		list = append(list, shown{ID: h.ID, When: when(h), Action: h.Action, Who: h.Who, Fields: diffs(h.Changes(e.App))})
	}
	url := ""
	if r, err := e.App.FindRecordById(collection, id); err == nil {
		url = pageURL(e.App, r)
	}
	newer, older := pageLinks(n, more)
	return p.render(e, http.StatusOK, "historikk.html", map[string]any{
		"Path": Path, "Title": title, "URL": url, "Entries": list, "NewerPage": newer, "OlderPage": older,
		"Undone": e.Request.URL.Query().Get("angret"),
	})
}

// confirmUndo shows what undoing a change would do, before it is done.
func (p *Preview) confirmUndo(e *core.RequestEvent) error {
	plan, err := history.PlanUndo(e.App, e.Request.PathValue("id"))
	data := map[string]any{"Path": Path, "ID": e.Request.PathValue("id")}
	if err != nil {
		data["Error"] = err.Error()
		data["HistoryURL"] = Path + "_oversikt"
		return p.render(e, http.StatusOK, "angre.html", data)
	}
	h := plan.Entry
	data["Title"], data["When"], data["Who"], data["Action"] = h.Title, when(h), h.Who, h.Action
	data["Deletes"], data["Fields"], data["Version"] = plan.Deletes, diffs(plan.Fields), plan.Version()
	data["HistoryURL"] = historyURL(h.Collection, h.RecordID)
	return p.render(e, http.StatusOK, "angre.html", data)
}

// undo undoes a change the editor has confirmed.
func (p *Preview) undo(e *core.RequestEvent) error {
	plan, err := history.PlanUndo(e.App, e.Request.PathValue("id"))
	if err == nil && plan.Version() != e.Request.FormValue("versjon") {
		err = errors.New("Posten er endret etter at du så forskjellen. Se på den på nytt før du angrer.")
	}
	var saved *core.Record
	if err == nil {
		saved, err = p.history.Undo(e.App, plan, e.Auth)
	}
	if err != nil {
		return p.render(e, http.StatusConflict, "angre.html", map[string]any{
			"Path": Path, "Error": err.Error(), "HistoryURL": Path + "_oversikt",
		})
	}
	undone := "1"
	if saved != nil && saved.Id != plan.Entry.RecordID {
		undone = "arbeidskopi" // a published page's old text waits in its working copy
	}
	return e.Redirect(http.StatusSeeOther, historyURL(plan.Entry.Collection, plan.Entry.RecordID)+"?angret="+undone)
}

// render answers with a preview page. Its data gets the session's token
// as CSRF, for every form that changes something to send as the field
// "csrf" (requireEditor refuses such a request without it).
func (p *Preview) render(e *core.RequestEvent, status int, name string, data map[string]any) error {
	if s, ok := e.Get(sessionKey).(*session); ok {
		data["CSRF"] = s.csrf
	}
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.HTML(status, b.String())
}
