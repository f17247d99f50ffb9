package records

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// Cache keeps the records and files one load read for the next, so that a
// load after an edit reads in full only the rows that changed since: each
// query first reads its rows' ids, update times and the columns written
// without a new update time (unstamped), and a row whose values are as
// they were gives the record made of it before. A record saved through
// PocketBase is read anew at the next load even if its update time,
// which counts milliseconds, is the same as before (forget). The preview
// loads its whole tree after every edit, 10,000 pages in a large archive.
// A file is kept by its record and name: PocketBase gives every upload a
// name of its own, so a name never stands for other bytes.
type Cache struct {
	mu          sync.Mutex
	records     map[string]cached // id → the record as last read
	files       map[string][]byte // record id + "/" + file name → its bytes
	collections map[string]string // collection id → its update time when its records were read
	used        map[string]bool   // the keys of records and files the current load used
	reread      map[string]bool   // ids of records saved before the current load began: it reads them in full

	// Its own lock, so that a save does not wait for a load's reads.
	savedMu sync.Mutex
	saved   map[string]bool // ids of records saved since the current load began
}

// cached is a record and the columns of its row the cache compares.
type cached struct {
	row    dbx.NullStringMap
	record *core.Record
}

// unstamped are the columns written without a new update time: a report's
// sist_endret when a part of it changes (touchReport), a child's old
// addresses when its parent moves (moves.go).
var unstamped = []string{fieldChanged, fieldOldAddresses}

// NewCache returns an empty cache of app's records, which hears of every
// record app saves.
func NewCache(app core.App) *Cache {
	c := &Cache{saved: map[string]bool{}}
	c.Reset()
	app.OnRecordAfterUpdateSuccess().BindFunc(func(e *core.RecordEvent) error {
		c.forget(e.Record.Id)
		return e.Next()
	})
	return c
}

// Reset lets go of every record and file the cache holds.
func (c *Cache) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.records, c.files, c.collections = map[string]cached{}, map[string][]byte{}, map[string]string{}
}

// forget has the next load read the record in full: it was saved, maybe
// within the millisecond of its last read, and so with its update time.
func (c *Cache) forget(id string) {
	c.savedMu.Lock()
	defer c.savedMu.Unlock()
	c.saved[id] = true
}

// Load is the package's Load, reading through the cache.
func (c *Cache) Load(app core.App, now time.Time) (*content.Tree, []content.Problem, error) {
	return c.load(newLoader(app, now, false))
}

// LoadPreview is the package's LoadPreview, reading through the cache.
func (c *Cache) LoadPreview(app core.App, now time.Time) (*content.Tree, []content.Problem, error) {
	return c.load(newLoader(app, now, true))
}

func (c *Cache) load(l *loader) (*content.Tree, []content.Problem, error) {
	l.cache = c
	c.begin()
	tree, problems, err := l.tree()
	if err != nil {
		return nil, nil, err // the cache keeps all it held
	}
	c.end()
	return tree, problems, nil
}

// begin starts a load: what it does not use is let go at its end.
func (c *Cache) begin() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.used = map[string]bool{}
	// A record saved from here on is read anew by the next load too, as
	// this one may read its row before the save. What a failed load was
	// to read anew, this one reads.
	c.savedMu.Lock()
	defer c.savedMu.Unlock()
	for id := range c.reread {
		c.saved[id] = true
	}
	c.reread, c.saved = c.saved, map[string]bool{}
}

// end lets go of what the load just done did not use (records deleted or
// no longer matched, files replaced).
func (c *Cache) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id := range c.records {
		if !c.used[id] {
			delete(c.records, id)
		}
	}
	for key := range c.files {
		if !c.used[key] {
			delete(c.files, key)
		}
	}
	c.used, c.reread = nil, nil
}

// find is app.FindRecordsByFilter with the records that did not change
// since they were read taken from the cache: it reads the rows' compared
// columns, then the records whose columns changed.
func (c *Cache) find(app core.App, collection, filter, sort string, params ...dbx.Params) ([]*core.Record, error) {
	coll, err := app.FindCachedCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	q := app.RecordQuery(coll)
	resolver := core.NewRecordFieldResolver(app, coll, nil, true)
	if filter != "" {
		expr, err := search.FilterData(filter).BuildExpr(resolver, params...)
		if err != nil {
			return nil, fmt.Errorf("invalid filter expression: %w", err)
		}
		q.AndWhere(expr)
	}
	if sort != "" {
		for _, field := range search.ParseSortFromString(sort) {
			expr, err := field.BuildExpr(resolver)
			if err != nil {
				return nil, err
			}
			if expr != "" {
				q.AndOrderBy(expr)
			}
		}
	}
	if err := resolver.UpdateQuery(q); err != nil {
		return nil, err
	}
	columns := []string{"id", "updated"}
	for _, name := range unstamped {
		if coll.Fields.GetByName(name) != nil {
			columns = append(columns, name)
		}
	}
	for i, name := range columns {
		columns[i] = coll.Name + "." + name
	}
	q.Select(columns...)
	var rows []dbx.NullStringMap
	if err := q.All(&rows); err != nil {
		return nil, err
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.collections[coll.Id] != coll.Updated.String() {
		// The collection's fields may have changed: read its records anew.
		for id, r := range c.records {
			if r.record.Collection().Id == coll.Id {
				delete(c.records, id)
			}
		}
		c.collections[coll.Id] = coll.Updated.String()
	}
	var changed []any
	byID := map[string]dbx.NullStringMap{}
	for _, row := range rows {
		id := row["id"].String
		byID[id] = row
		if r, ok := c.records[id]; !ok || c.reread[id] || !maps.Equal(r.row, row) {
			changed = append(changed, id)
		}
	}
	// In parts: SQLite takes at most 32,766 values in one statement, and a
	// first load reads every row of a collection.
	for part := range slices.Chunk(changed, 10_000) {
		var fresh []*core.Record
		if err := app.RecordQuery(coll).AndWhere(dbx.In(coll.Name+".id", part...)).All(&fresh); err != nil {
			return nil, err
		}
		for _, r := range fresh {
			c.records[r.Id] = cached{row: byID[r.Id], record: r}
		}
	}
	recs := make([]*core.Record, 0, len(rows))
	for _, row := range rows {
		id := row["id"].String
		r, ok := c.records[id]
		if !ok {
			continue // deleted between the two queries: the next load has it
		}
		c.used[id] = true
		recs = append(recs, r.record)
	}
	return recs, nil
}

// file returns the file of a record read before, if held.
func (c *Cache) file(r *core.Record, name string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	data, ok := c.files[r.Id+"/"+name]
	if ok {
		c.used[r.Id+"/"+name] = true
	}
	return data, ok
}

// keepFile holds the bytes of a record's file for the next load.
func (c *Cache) keepFile(r *core.Record, name string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files[r.Id+"/"+name] = data
	c.used[r.Id+"/"+name] = true
}
