package records

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// loader reads records into content values. The mapping of each content
// type is in the file of its collection.
type loader struct {
	app      core.App
	now      time.Time
	preview  bool                                 // load drafts too, and mark what is not public
	slugs    map[string]string                    // term record id → slug
	live     map[string]*core.Record              // working copy id → the live record it stands for in the preview
	cache    *Cache                               // nil: read everything from the database
	byParent map[string]map[string][]*core.Record // collection → parent id → its records, read once a load

	problems []content.Problem // records left out because they cannot be read
}

// leaveOut leaves out the record of the page at loc, which cannot be read.
func (l *loader) leaveOut(loc content.Location, field string, err error) {
	l.problems = append(l.problems, content.Problem{Location: loc, Key: field, Reason: err.Error(), LeftOut: true})
}

func newLoader(app core.App, now time.Time, preview bool) *loader {
	return &loader{app: app, now: now, preview: preview, slugs: map[string]string{}, live: map[string]*core.Record{}, byParent: map[string]map[string][]*core.Record{}}
}

// tree reads the records and leaves out those that cannot be published
// (content.Tree.Prune), saying which and why.
func (l *loader) tree() (*content.Tree, []content.Problem, error) {
	tree, err := l.read()
	if err != nil {
		return nil, nil, err
	}
	problems, err := tree.Prune()
	if err != nil {
		return nil, nil, err
	}
	return tree, append(l.problems, problems...), nil
}

func (l *loader) read() (*content.Tree, error) {
	tree := &content.Tree{}
	var err error
	if tree.Terms, err = l.terms(); err != nil {
		return nil, err
	}
	if tree.Reports, err = l.reports(); err != nil {
		return nil, err
	}
	if tree.Projects, err = l.projects(); err != nil {
		return nil, err
	}
	if tree.Meetings, err = l.meetings(); err != nil {
		return nil, err
	}
	if tree.Committees, err = l.committees(); err != nil {
		return nil, err
	}
	return tree, nil
}

// draft says whether a record shows in the preview as a draft: it is not
// public now (never so in a public export, which loads only what is). A
// working copy is judged by its live record, whose place it takes.
func (l *loader) draft(r, parent *core.Record) bool {
	if live, ok := l.live[r.Id]; ok {
		r = live
	}
	if parent != nil {
		if live, ok := l.live[parent.Id]; ok {
			parent = live
		}
	}
	return l.preview && !schema.PublicWith(r, parent, l.now)
}

// workingCopy says whether r is a working copy shown in the preview in
// place of its live record.
func (l *loader) workingCopy(r *core.Record) bool {
	_, ok := l.live[r.Id]
	return ok
}

// find reads the records of a collection that match where (may be empty)
// and, outside the preview, are live now. Working copies are not read as
// records of their own: the preview shows each in place of its live
// record, and the public export never sees them.
func (l *loader) find(collection, where, sort string, params dbx.Params) ([]*core.Record, error) {
	now := dbx.Params{"now": schema.NowParam(l.now)}
	if slices.Contains(schema.Publishable, collection) {
		if where != "" {
			where += " && "
		}
		if l.preview {
			where += schema.FieldWorkingCopyOf + " = ''"
		} else {
			where += schema.LiveFilter
		}
	}
	recs, err := l.query(collection, where, sort, params, now)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", collection, err)
	}
	if l.preview && slices.Contains(schema.Publishable, collection) {
		return l.withWorkingCopies(collection, recs)
	}
	return recs, nil
}

// query is app.FindRecordsByFilter, through the cache if there is one.
func (l *loader) query(collection, filter, sort string, params ...dbx.Params) ([]*core.Record, error) {
	if l.cache != nil {
		return l.cache.find(l.app, collection, filter, sort, params...)
	}
	return l.app.FindRecordsByFilter(collection, filter, sort, 0, 0, params...)
}

// withWorkingCopies replaces each record that has a working copy with the
// copy, noting the live record it stands for.
func (l *loader) withWorkingCopies(collection string, recs []*core.Record) ([]*core.Record, error) {
	copies, err := l.query(collection, schema.FieldWorkingCopyOf+" != ''", "")
	if err != nil {
		return nil, fmt.Errorf("read the working copies in %s: %w", collection, err)
	}
	byLive := map[string]*core.Record{}
	for _, c := range copies {
		byLive[c.GetString(schema.FieldWorkingCopyOf)] = c
	}
	for i, r := range recs {
		if c, ok := byLive[r.Id]; ok {
			l.live[c.Id] = r
			recs[i] = c
		}
	}
	return recs, nil
}

// children reads the records of a collection that belong to parent. The
// parts a report's working copy holds copies of are read from the copy;
// the others (sections, a committee's statuses) from the live record. The
// collection is read whole at its first parent, in the order of sort
// (one call site a collection gives it), and its records kept by parent:
// one query a collection, not one a parent.
func (l *loader) children(collection string, parent *core.Record, sort string) ([]*core.Record, error) {
	field := schema.Parents[collection].Field
	id := parent.Id
	if live, ok := l.live[parent.Id]; ok && !slices.Contains(schema.CopiedParts, collection) {
		id = live.Id
	}
	byParent, ok := l.byParent[collection]
	if !ok {
		recs, err := l.find(collection, "", sort, nil)
		if err != nil {
			return nil, err
		}
		byParent = map[string][]*core.Record{}
		for _, r := range recs {
			owner := r // a working copy belongs where its live record does
			if live, ok := l.live[r.Id]; ok {
				owner = live
			}
			key := owner.GetString(field)
			byParent[key] = append(byParent[key], r)
		}
		l.byParent[collection] = byParent
	}
	return byParent[id], nil
}

// termSlugs turns a relation's record ids into term slugs, in stored order.
func (l *loader) termSlugs(r *core.Record, field string) []string {
	var slugs []string
	for _, id := range r.GetStringSlice(field) {
		if slug, ok := l.slugs[id]; ok {
			slugs = append(slugs, slug)
		}
	}
	return slugs
}

func (l *loader) file(r *core.Record, name string) ([]byte, error) {
	if l.cache != nil {
		if data, ok := l.cache.file(r, name); ok {
			return data, nil
		}
	}
	fsys, err := l.app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("open file storage: %w", err)
	}
	defer fsys.Close()
	reader, err := fsys.GetReader(r.BaseFilesPath() + "/" + name)
	if err == nil {
		defer reader.Close()
		var data []byte
		if data, err = io.ReadAll(reader); err == nil {
			if l.cache != nil {
				l.cache.keepFile(r, name, data)
			}
			return data, nil
		}
	}
	// The reason reaches editors (the preview, the publication log); the
	// storage's own error goes to the server log.
	l.app.Logger().Warn("A file of a record cannot be read", "file", name, "collection", r.Collection().Name, "record", r.Id, "error", err)
	return nil, fmt.Errorf("filen %s kan ikke leses fra fillageret", name)
}

// image reads a record's image and its alternative text; the file gets
// the canonical name bilde.<ext> in the bundle, with the extension of the
// type its bytes are, whatever name it was uploaded with.
func (l *loader) image(r *core.Record) (content.Image, error) {
	name := r.GetString(schema.FieldImage)
	if name == "" {
		return content.Image{}, nil
	}
	data, err := l.file(r, name)
	if err != nil {
		return content.Image{}, err
	}
	// The whole image, as Hugo decodes it to resize it: a file cut short
	// has a good header and would fail the build.
	if err := content.CheckImage(data); err != nil {
		return content.Image{}, err
	}
	ext, err := content.ImageExt(data)
	if err != nil {
		return content.Image{}, err
	}
	return content.Image{Name: content.ImageName(ext), Alt: r.GetString(schema.FieldImageAlt), Data: data}, nil
}

// lines splits a one-item-a-line field into its items, skipping blank lines.
func lines(s string) []string {
	var items []string
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			items = append(items, line)
		}
	}
	return slices.Clip(items)
}
