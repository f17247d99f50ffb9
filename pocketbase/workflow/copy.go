package workflow

import (
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// generated are file fields the site makes, not editors: a copy does not
// carry them (the report's PDF is made again after publication).
var generated = []string{"dokument"}

// Start returns the working copy of the published page collection/id,
// making it if there is none; for a working copy it returns the copy
// itself. A draft has none: it is edited as it is.
func (f *Flow) Start(app core.App, collection, id string, by *core.Record) (*core.Record, error) {
	if !publishable(collection) {
		return nil, refuse(http.StatusNotFound, "Bare sider med status (rapporter, rapportdeler, prosjekter, partnerskapsmøter, utvalg, utvalgsstatus og termer) har arbeidskopi; medlemmer, lenker og tilskuddsrunden er med i rapportens.")
	}
	var c *core.Record
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(collection, id)
		if err != nil {
			return refuse(http.StatusNotFound, "Siden finnes ikke lenger: den er slettet.")
		}
		if schema.IsWorkingCopy(r) {
			c = r
			return nil
		}
		if c, err = CopyOf(tx, r); err != nil || c != nil {
			return err
		}
		if !live(r) {
			return refuse(http.StatusConflict, "«%s» er ikke publisert: endre utkastet direkte. Det kommer ikke på nettstedet før det er godkjent.", title(r))
		}
		c, err = f.start(tx, r, by)
		return err
	})
	return c, err
}

// start makes the working copy of the live record r, with copies of a
// report's parts, as a change by by.
func (f *Flow) start(app core.App, r, by *core.Record) (*core.Record, error) {
	c := core.NewRecord(r.Collection())
	if err := setFields(app, r, c, []string{schema.FieldWorkingCopyOf}); err != nil {
		return nil, err
	}
	c.Set(schema.FieldWorkingCopyOf, r.Id)
	c.Set(schema.FieldStatus, schema.StatusDraft)
	for _, name := range fields[1:] {
		c.Set(name, "")
	}
	if err := f.history.Save(app, c, by); err != nil {
		return nil, fmt.Errorf("lag arbeidskopien av «%s»: %w", title(r), err)
	}
	if r.Collection().Name != schema.Reports {
		return c, nil
	}
	copies := map[string]string{} // live member id → its copy's id
	var members []*core.Record
	replaced := map[*core.Record]string{} // a member's copy → the live member it replaced
	for _, part := range schema.CopiedParts {
		recs, err := app.FindAllRecords(part, dbx.HashExp{schema.FieldReport: r.Id})
		if err != nil {
			return nil, fmt.Errorf("read the %s of «%s»: %w", part, title(r), err)
		}
		for _, p := range recs {
			pc := core.NewRecord(p.Collection())
			if err := setFields(app, p, pc, nil); err != nil {
				return nil, err
			}
			pc.Set(schema.FieldReport, c.Id)
			pc.Set(schema.FieldWorkingCopyOf, p.Id)
			if part == schema.Memberships {
				// Whom it replaced is set once that member's copy exists:
				// a member replaces one of its own report.
				replaced[pc] = pc.GetString(fieldReplaces)
				pc.Set(fieldReplaces, "")
			}
			if err := f.history.Save(app, pc, by); err != nil {
				return nil, fmt.Errorf("copy %s %s: %w", part, p.Id, err)
			}
			copies[p.Id] = pc.Id
			if part == schema.Memberships {
				members = append(members, pc)
			}
		}
	}
	// A member who replaced another of the same report replaces the copy.
	return c, remapReplaced(app, members, replaced, copies, f, by)
}

// fieldReplaces is the membership a member replaced.
const fieldReplaces = "erstatter"

func remapReplaced(app core.App, members []*core.Record, replaced map[*core.Record]string, ids map[string]string, f *Flow, by *core.Record) error {
	for _, m := range members {
		if to, ok := ids[replaced[m]]; ok {
			m.Set(fieldReplaces, to)
			if err := f.history.Save(app, m, by); err != nil {
				return fmt.Errorf("set whom member %s replaced: %w", m.Id, err)
			}
		}
	}
	return nil
}

// setFields sets on to the stored fields of from, except the id, the
// autodates, generated files and those in except. A file is copied only
// when its bytes differ from what to holds.
func setFields(app core.App, from, to *core.Record, except []string) error {
	for _, field := range from.Collection().Fields {
		name := field.GetName()
		if field.Type() == core.FieldTypeAutodate || name == "id" || slices.Contains(except, name) {
			continue
		}
		file, ok := field.(*core.FileField)
		if !ok {
			to.Set(name, from.Get(name))
			continue
		}
		if slices.Contains(generated, name) {
			continue
		}
		if err := setFile(app, from, to, file); err != nil {
			return err
		}
	}
	return nil
}

// setFile copies a single-file field (every file field of the model
// holds one) from one record to another.
func setFile(app core.App, from, to *core.Record, field *core.FileField) error {
	name := field.GetName()
	src := from.GetString(name)
	if src == "" {
		if to.GetString(name) != "" {
			to.Set(name, nil)
		}
		return nil
	}
	data, err := readFile(app, from, src)
	if err != nil {
		return err
	}
	if old := to.GetString(name); old != "" && !to.IsNew() {
		if stored, err := readFile(app, to, old); err == nil && string(stored) == string(data) {
			return nil
		}
	}
	file, err := filesystem.NewFileFromBytes(data, src)
	if err != nil {
		return fmt.Errorf("copy the file %s: %w", src, err)
	}
	to.Set(name, file)
	return nil
}

func readFile(app core.App, r *core.Record, name string) ([]byte, error) {
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("open file storage: %w", err)
	}
	defer fsys.Close()
	reader, err := fsys.GetReader(r.BaseFilesPath() + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("read the file %s of %s %s: %w", name, r.Collection().Name, r.Id, err)
	}
	defer reader.Close()
	return io.ReadAll(reader)
}

// Discard deletes the working copy collection/id (a copy, or the live
// record whose copy is meant), with the copies of a report's parts.
func (f *Flow) Discard(app core.App, collection, id string, by *core.Record) error {
	r, err := app.FindRecordById(collection, id)
	if err != nil {
		return refuse(http.StatusNotFound, "Arbeidskopien finnes ikke lenger: den er publisert eller forkastet.")
	}
	c := r
	if !schema.IsWorkingCopy(r) {
		if c, err = CopyOf(app, r); err != nil {
			return err
		}
		if c == nil {
			return refuse(http.StatusNotFound, "«%s» har ingen arbeidskopi.", title(r))
		}
	}
	if err := f.history.Delete(app, c, by); err != nil {
		return fmt.Errorf("forkast arbeidskopien av «%s»: %w", title(c), err)
	}
	return nil
}

// merge sets the working copy c on its live record and deletes it, with
// a report's parts, as a change by by; approvedBy and reason say how it
// was allowed. It returns a note for the editor, or "".
func (f *Flow) merge(app core.App, c, l *core.Record, by *core.Record, approvedBy, reason string) (string, error) {
	if err := setFields(app, c, l, notContent); err != nil {
		return "", err
	}
	note := ""
	switch until := l.GetDateTime(schema.FieldUnpublishAt); {
	case !live(l):
		note = fmt.Sprintf("«%s» er tatt ned siden arbeidskopien ble laget. Endringene er lagret på siden, men den er ikke publisert igjen.", title(l))
	case !until.IsZero():
		note = fmt.Sprintf("Merk: «%s» er fortsatt planlagt tatt ned %s.", title(l), when(until.Time()))
	default:
		l.Set(schema.FieldUnpublishAt, c.Get(schema.FieldUnpublishAt))
	}
	l.Set(schema.FieldReadyBy, c.GetString(schema.FieldReadyBy))
	l.Set(schema.FieldApprovedBy, approvedBy)
	l.Set(schema.FieldAloneReason, reason)
	if err := f.history.Save(app, l, by); err != nil {
		return "", err
	}
	if l.Collection().Name == schema.Reports {
		if err := f.mergeParts(app, c, l, by); err != nil {
			return "", err
		}
	}
	// Pages saved in Go with the copy as their parent move to the live
	// record rather than go with the copy.
	for child, p := range schema.Parents {
		if p.Collection != l.Collection().Name || slices.Contains(schema.CopiedParts, child) {
			continue
		}
		strays, err := app.FindAllRecords(child, dbx.HashExp{p.Field: c.Id})
		if err != nil {
			return "", err
		}
		for _, r := range strays {
			r.Set(p.Field, l.Id)
			if err := f.history.Save(app, r, by); err != nil {
				return "", fmt.Errorf("move %s %s to the live record: %w", child, r.Id, err)
			}
		}
	}
	if err := f.history.Delete(app, c, by); err != nil {
		return "", fmt.Errorf("delete the working copy: %w", err)
	}
	return note, nil
}

// mergeParts makes the live report's members, links and grant round
// those of its copy: a copied part is set on the part it copies (which
// keeps its id), one added in the copy moves to the live report, and one
// the copy no longer has is deleted.
func (f *Flow) mergeParts(app core.App, c, l, by *core.Record) error {
	ids := map[string]string{} // copy's part id → the live part id it becomes
	var targets []*core.Record
	for _, part := range schema.CopiedParts {
		copies, err := app.FindAllRecords(part, dbx.HashExp{schema.FieldReport: c.Id})
		if err != nil {
			return err
		}
		lives, err := app.FindAllRecords(part, dbx.HashExp{schema.FieldReport: l.Id})
		if err != nil {
			return err
		}
		kept := map[string]bool{}
		for _, p := range copies {
			kept[p.GetString(schema.FieldWorkingCopyOf)] = true
		}
		// Deleted first, so that a part added in the copy may take the
		// name or address of one it replaces.
		for _, p := range lives {
			if !kept[p.Id] {
				if err := f.history.Delete(app, p, by); err != nil {
					return fmt.Errorf("delete %s %s: %w", part, p.Id, err)
				}
			}
		}
		for _, p := range copies {
			target := p
			if liveID := p.GetString(schema.FieldWorkingCopyOf); liveID != "" {
				if target, err = app.FindRecordById(part, liveID); err != nil {
					return fmt.Errorf("find %s %s: %w", part, liveID, err)
				}
				if err := setFields(app, p, target, []string{schema.FieldReport, schema.FieldWorkingCopyOf}); err != nil {
					return err
				}
			}
			target.Set(schema.FieldReport, l.Id)
			target.Set(schema.FieldWorkingCopyOf, "")
			ids[p.Id] = target.Id
			targets = append(targets, target)
		}
	}
	for _, t := range targets {
		if t.Collection().Name == schema.Memberships {
			if to, ok := ids[t.GetString(fieldReplaces)]; ok {
				t.Set(fieldReplaces, to)
			}
		}
	}
	// A member is saved after the one it replaces, which must be in the
	// live report by then.
	for len(targets) > 0 {
		var later []*core.Record
		for _, t := range targets {
			if waitsFor(t, targets) {
				later = append(later, t)
				continue
			}
			if err := f.history.Save(app, t, by); err != nil {
				return fmt.Errorf("save %s %s: %w", t.Collection().Name, t.Id, err)
			}
		}
		if len(later) == len(targets) {
			return fmt.Errorf("the members of «%s» replace each other in a ring", title(l))
		}
		targets = later
	}
	return nil
}

// waitsFor reports whether member t replaces one of the unsaved records,
// other than itself.
func waitsFor(t *core.Record, unsaved []*core.Record) bool {
	to := t.GetString(fieldReplaces)
	if to == "" || t.Collection().Name != schema.Memberships {
		return false
	}
	for _, u := range unsaved {
		if u != t && u.Id == to {
			return true
		}
	}
	return false
}
