// Package remote reads the published content of a running SSU server over
// PocketBase's public REST API, so that a build elsewhere (Netlify) needs
// no database and no secret: the API's read rules already hide drafts.
package remote

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	_ "github.com/helsefellesskap-vest-viken/ssu/pocketbase/migrations"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

const perPage = 500

// Load fetches every record the server at base publishes and returns
// the content tree, exactly as `ssu export` on that server would write it,
// with what it leaves out.
// The records are copied into a throwaway local database with the same
// migrations, so the one mapping in package records is used.
func Load(ctx context.Context, base string, now time.Time) (*content.Tree, []content.Problem, error) {
	base = strings.TrimRight(base, "/")
	if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, nil, fmt.Errorf("--from %q is not an http(s) address", base)
	}
	dir, err := os.MkdirTemp("", "ssu-remote-")
	if err != nil {
		return nil, nil, err
	}
	defer os.RemoveAll(dir)
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		return nil, nil, fmt.Errorf("local copy: %w", err)
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return nil, nil, fmt.Errorf("local copy: %w", err)
	}

	f := fetcher{ctx: ctx, base: base, client: &http.Client{Timeout: time.Minute}}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, nil, err
	}
	defer fsys.Close()
	for _, name := range schema.Content { // records before those that point to them
		coll, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return nil, nil, err
		}
		items, err := f.list(name)
		if err != nil {
			return nil, nil, err
		}
		for _, item := range items {
			r := core.NewRecord(coll)
			r.Load(item)
			for _, field := range coll.Fields {
				if field.Type() != core.FieldTypeFile {
					continue
				}
				for _, file := range r.GetStringSlice(field.GetName()) {
					data, err := f.get("/api/files/" + url.PathEscape(coll.Id) + "/" + url.PathEscape(r.Id) + "/" + url.PathEscape(file))
					if err != nil {
						return nil, nil, err
					}
					if err := fsys.Upload(data, r.BaseFilesPath()+"/"+file); err != nil {
						return nil, nil, fmt.Errorf("store %s: %w", file, err)
					}
				}
			}
			if err := app.SaveNoValidate(r); err != nil {
				return nil, nil, fmt.Errorf("copy %s %s: %w", name, r.Id, err)
			}
		}
	}
	return records.Load(app, now)
}

type fetcher struct {
	ctx    context.Context
	base   string
	client *http.Client
}

// list fetches every record of a collection the public may read.
func (f fetcher) list(collection string) ([]map[string]any, error) {
	var all []map[string]any
	for page := 1; ; page++ {
		data, err := f.get(fmt.Sprintf("/api/collections/%s/records?page=%d&perPage=%d&skipTotal=1&sort=id", collection, page, perPage))
		if err != nil {
			return nil, err
		}
		var body struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(data, &body); err != nil {
			return nil, fmt.Errorf("read %s from %s: %w", collection, f.base, err)
		}
		for _, item := range body.Items {
			// Keys the API adds that are not fields.
			delete(item, "collectionId")
			delete(item, "collectionName")
			delete(item, "expand")
		}
		all = append(all, body.Items...)
		if len(body.Items) < perPage {
			return all, nil
		}
	}
}

// get fetches one path. A guest is rate limited on the server, so a 429
// answer is waited out and tried again.
func (f fetcher) get(path string) ([]byte, error) {
	for attempt := 1; ; attempt++ {
		data, status, err := f.getOnce(path)
		if status != http.StatusTooManyRequests || attempt == 10 {
			return data, err
		}
		select {
		case <-f.ctx.Done():
			return nil, f.ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Second):
		}
	}
}

func (f fetcher) getOnce(path string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(f.ctx, http.MethodGet, f.base+path, nil)
	if err != nil {
		return nil, 0, err
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("fetch %s: %w", path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 200<<20))
	if err != nil {
		return nil, res.StatusCode, fmt.Errorf("fetch %s: %w", path, err)
	}
	if res.StatusCode != http.StatusOK {
		return nil, res.StatusCode, fmt.Errorf("fetch %s: %s", path, res.Status)
	}
	return data, res.StatusCode, nil
}
