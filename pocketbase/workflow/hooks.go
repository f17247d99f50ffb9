package workflow

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// fields are the fields only the workflow's steps set.
var fields = []string{schema.FieldWorkingCopyOf, schema.FieldReadyBy, schema.FieldApprovedBy, schema.FieldAloneReason}

// notContent are the fields a change to a live page may touch without a
// working copy: taking it down, now or later, and the workflow's own.
var notContent = append([]string{schema.FieldStatus, schema.FieldPublishAt, schema.FieldUnpublishAt}, fields...)

// Messages shared by the hooks and the steps.
const (
	needsApproval = "En ny side publiseres når en annen redaktør har godkjent den: lagre den som utkast og trykk «Klar til godkjenning» på skrivebordet. " +
		"(Uten en annen redaktør: «Publiser uten godkjenning», med en begrunnelse.)"
	copyNotPublished = "En arbeidskopi publiseres med «Godkjenn og publiser» (eller «Publiser uten godkjenning») på skrivebordet, ikke ved å sette status til publisert."
)

func invalid(field, message string) error {
	return apis.NewBadRequestError(message, validation.Errors{field: validation.NewError("validation_ssu_workflow", message)})
}

// checkPage keeps a save of a page through the API inside the workflow:
// the workflow's fields are left as they were, a working copy is never
// set to publisert, and, while approval is required, nothing goes public
// by a save and a live page changes only through its working copy. Who
// saves a version marked ready is the one who marked it (and cannot
// approve it).
func (f *Flow) checkPage(e *core.RecordRequestEvent) error {
	r := e.Record
	var orig *core.Record
	if !r.IsNew() {
		orig = r.Original()
	}
	if orig == nil {
		if schema.IsWorkingCopy(r) {
			return invalid(schema.FieldWorkingCopyOf, "En arbeidskopi lages med «Lag arbeidskopi» på skrivebordet, ikke ved å fylle ut «"+schema.FieldWorkingCopyOf+"».")
		}
		for _, name := range fields {
			r.Set(name, "")
		}
	} else {
		for _, name := range fields {
			r.Set(name, orig.Get(name))
		}
	}
	// A section belongs to the live report, a status to the live
	// committee: a working copy of those holds no pages of its own.
	if p, ok := schema.Parents[r.Collection().Name]; ok {
		if parent, err := e.App.FindRecordById(p.Collection, r.GetString(p.Field)); err == nil && schema.IsWorkingCopy(parent) {
			return invalid(p.Field, "«"+title(parent)+"» er en arbeidskopi. Velg den publiserte versjonen; "+
				"en endring i en rapportdel eller utvalgsstatus gjøres i dens egen arbeidskopi.")
		}
	}
	status, was := r.GetString(schema.FieldStatus), ""
	if orig != nil {
		was = orig.GetString(schema.FieldStatus)
	}
	if schema.IsWorkingCopy(r) && status == schema.StatusPublished {
		return invalid(schema.FieldStatus, copyNotPublished)
	}
	if schema.ApprovalRequired() {
		if status == schema.StatusPublished && was != schema.StatusPublished {
			return invalid(schema.FieldStatus, needsApproval)
		}
		if orig != nil && live(orig) {
			if changed := changedContent(orig, r); len(changed) > 0 {
				return invalid(changed[0], "«"+title(orig)+"» er publisert. Endringer i en publisert side gjøres i en arbeidskopi: trykk «Lag arbeidskopi» på skrivebordet, "+
					"og den publiserte versjonen står til arbeidskopien er godkjent. Å ta siden ned (status utkast eller «avpubliser_fra») går alltid.")
			}
		}
	}
	switch status {
	case schema.StatusReady:
		r.Set(schema.FieldReadyBy, history.Editor(e.Auth))
		r.Set(schema.FieldApprovedBy, "")
		r.Set(schema.FieldAloneReason, "")
	case schema.StatusDraft:
		r.Set(schema.FieldReadyBy, "")
		r.Set(schema.FieldApprovedBy, "")
		r.Set(schema.FieldAloneReason, "")
	}
	return e.Next()
}

// checkPart keeps the members, links and grant round of a live report as
// they are while approval is required: they change in the report's
// working copy. Deleting one is a takedown and always goes through.
func (f *Flow) checkPart(e *core.RecordRequestEvent) error {
	r := e.Record
	if r.IsNew() {
		if schema.IsWorkingCopy(r) {
			return invalid(schema.FieldWorkingCopyOf, "Deler av en arbeidskopi lages med «Lag arbeidskopi» på rapporten.")
		}
	} else {
		r.Set(schema.FieldWorkingCopyOf, r.Original().Get(schema.FieldWorkingCopyOf))
	}
	reports := []string{r.GetString(schema.FieldReport)}
	if !r.IsNew() {
		reports = append(reports, r.Original().GetString(schema.FieldReport))
	}
	for _, id := range reports {
		report, err := e.App.FindRecordById(schema.Reports, id)
		if err == nil && live(report) && schema.ApprovalRequired() {
			return e.BadRequestError("Årsrapporten «"+title(report)+"» er publisert: medlemmer, lenker og tilskuddsrunden endres i rapportens arbeidskopi "+
				"(trykk «Lag arbeidskopi» på rapporten). Å slette en del går alltid.", nil)
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	// A part is part of its report's version: who changes a report marked
	// ready is the one who marked it (and cannot approve it).
	report, err := e.App.FindRecordById(schema.Reports, r.GetString(schema.FieldReport))
	if err != nil || report.GetString(schema.FieldStatus) != schema.StatusReady || live(report) {
		return nil
	}
	report.Set(schema.FieldReadyBy, history.Editor(e.Auth))
	report.Set(schema.FieldApprovedBy, "")
	report.Set(schema.FieldAloneReason, "")
	return f.history.Save(e.App, report, e.Auth)
}

// changedContent names the fields of a page, other than its status,
// schedule and workflow, whose values differ between a and b.
func changedContent(a, b *core.Record) []string {
	var changed []string
	for _, field := range a.Collection().Fields {
		name := field.GetName()
		if field.Type() == core.FieldTypeAutodate || name == "id" || slices.Contains(notContent, name) {
			continue
		}
		if len(b.GetUnsavedFiles(name)) > 0 || !sameValue(a.Get(name), b.Get(name)) {
			changed = append(changed, name)
		}
	}
	return changed
}

func sameValue(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// detachCopy keeps the working copy of a page that is deleted: PocketBase
// clears its arbeidskopi_av, and it is set back to a draft, so what the
// editor wrote in it stays (as an unpublished page at the same address).
// A deletion is a takedown: nothing here may stop it.
func detachCopy(e *core.RecordEvent) error {
	if schema.IsWorkingCopy(e.Record) {
		return e.Next()
	}
	c, err := CopyOf(e.App, e.Record)
	if err != nil || c == nil {
		return e.Next()
	}
	if err := e.Next(); err != nil {
		return err
	}
	if c, err = e.App.FindRecordById(c.Collection(), c.Id); err != nil {
		return nil // deleted with its live record (a report's section)
	}
	c.Set(schema.FieldWorkingCopyOf, "")
	c.Set(schema.FieldStatus, schema.StatusDraft)
	for _, name := range fields[1:] {
		c.Set(name, "")
	}
	if err := e.App.Save(c); err != nil {
		e.App.Logger().Warn("Arbeidskopien til en slettet side kunne ikke gjøres til utkast", "samling", c.Collection().Name, "post", c.Id, "error", err)
	}
	return nil
}

// redirect is history's Redirect: while approval is required, a restore
// or undo that changes the text of a live page is made in its working
// copy (made if there is none); one that only takes it down is made in
// place.
func (f *Flow) redirect(app core.App, r *core.Record, changed []string, by *core.Record) (*core.Record, error) {
	if !schema.ApprovalRequired() || !live(r) || !slices.ContainsFunc(changed, func(name string) bool {
		return name != "id" && !slices.Contains(notContent, name)
	}) {
		return r, nil
	}
	if c, err := CopyOf(app, r); err != nil || c != nil {
		return c, err
	}
	return f.start(app, r, by)
}

// gone answers, in Norwegian, a save of a page that no longer exists
// because it was deleted (as a working copy is when it is published or
// thrown away): PocketBase's own 404 says nothing of why. The editor's
// text is still in the form.
func gone(e *core.RequestEvent) error {
	path, ok := strings.CutPrefix(e.Request.URL.Path, "/api/collections/")
	parts := strings.Split(path, "/")
	if e.Request.Method != http.MethodPatch || !ok || len(parts) != 3 || parts[1] != "records" {
		return e.Next()
	}
	coll, err := e.App.FindCachedCollectionByNameOrId(parts[0])
	if err != nil || !publishable(coll.Name) {
		return e.Next()
	}
	if _, err := e.App.FindRecordById(coll, parts[2]); err == nil {
		return e.Next()
	}
	entries, _, err := history.Entries(e.App, coll.Name, parts[2], 1, 1)
	if err != nil || len(entries) == 0 || entries[0].Action != "slettet" {
		return e.Next()
	}
	return e.JSON(http.StatusNotFound, map[string]any{"status": http.StatusNotFound, "data": map[string]any{},
		"message": fmt.Sprintf("Endringen din er ikke lagret: %s slettet denne posten %s (en arbeidskopi slettes når den publiseres eller forkastes). "+
			"Det du skrev, står fortsatt i skjemaet: kopier det du vil ta vare på, og legg det inn i siden (i en ny arbeidskopi hvis den er publisert).",
			entries[0].Who, when(entries[0].At))})
}

// publishedCopy publishes a working copy that is saved as published in
// Go (the scheduler does so at the publiser_fra of an approved copy): its
// fields are set on the live record and it is deleted, instead of being
// stored. (Through the API, checkPage refuses such a save.)
func (f *Flow) publishedCopy(e *core.RecordEvent) error {
	c := e.Record
	if !schema.IsWorkingCopy(c) || c.GetString(schema.FieldStatus) != schema.StatusPublished {
		return e.Next()
	}
	return e.App.RunInTransaction(func(tx core.App) error {
		l, err := tx.FindRecordById(c.Collection(), c.GetString(schema.FieldWorkingCopyOf))
		if err != nil {
			return fmt.Errorf("the live record of working copy %s: %w", c.Id, err)
		}
		stored, err := tx.FindRecordById(c.Collection(), c.Id)
		if err != nil {
			return err
		}
		_, err = f.merge(tx, stored, l, nil, c.GetString(schema.FieldApprovedBy), c.GetString(schema.FieldAloneReason))
		return err
	})
}
