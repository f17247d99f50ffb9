// Package remote reads the published content of a running SSU server over
// PocketBase's public REST API, so that a build elsewhere (Netlify) needs
// no database and no secret: the API's read rules already hide drafts.
//
// The server is not trusted further than that: what one build fetches is
// bounded (Limits), answers are read as they arrive and never held whole,
// a redirect is followed only within the server's own origin, and the
// address must be https unless it is this machine.
package remote

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	_ "github.com/helsefellesskap-vest-viken/ssu/pocketbase/migrations"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// perPage is the records asked for in one list request: with the longest
// texts a page stays well under Limits.Response.
const perPage = 50

// Limits bound what one build fetches, so that a server that never stops
// sending (or an address that is not an SSU server) ends the build with an
// error that says which bound it reached.
type Limits struct {
	Records  int           // records in all collections together
	Pages    int           // list requests together
	Bytes    int64         // bytes of all answers together
	Response int64         // bytes of one answer: a page of records or a file
	Time     time.Duration // the whole fetch
}

// DefaultLimits are far above fifty years of reports (about 10,000 pages
// and their images and PDFs) and far below what would fill the build
// machine.
var DefaultLimits = Limits{
	Records:  100_000,
	Pages:    5_000,
	Bytes:    4 << 30,
	Response: 32 << 20,
	Time:     10 * time.Minute,
}

// LimitError is a bound of Limits that the fetch reached.
type LimitError struct{ Reason string }

func (e *LimitError) Error() string { return e.Reason + " (grensen for én bygging)" }

// Load fetches every record the server at base publishes and returns
// the content tree, exactly as `ssu export` on that server would write it,
// with what it leaves out, within DefaultLimits.
func Load(ctx context.Context, base string, now time.Time) (*content.Tree, []content.Problem, error) {
	return LoadWithin(ctx, base, now, DefaultLimits)
}

// LoadWithin is Load within limits.
func LoadWithin(ctx context.Context, base string, now time.Time, limits Limits) (*content.Tree, []content.Problem, error) {
	return LoadWith(ctx, base, now, Options{Limits: limits})
}

// Options are how LoadWith fetches.
type Options struct {
	Limits Limits
	// RootCAs are the certificate authorities an https server's
	// certificate must come from; nil trusts the system's, as Load does.
	// For a server with a certificate of its organisation's own authority.
	RootCAs *x509.CertPool
}

// LoadWith is Load with opts.
// The records are copied into a throwaway local database with the same
// migrations, so the one mapping in package records is used. A file that
// cannot be downloaded is left out of the copy, and records.Load leaves
// out or mends its page as it does for a file lost from the storage.
func LoadWith(ctx context.Context, base string, now time.Time, opts Options) (*content.Tree, []content.Problem, error) {
	limits := opts.Limits
	base = strings.TrimRight(base, "/")
	origin, err := checkBase(base)
	if err != nil {
		return nil, nil, err
	}
	// A killed build leaves its copy behind; the next one removes it.
	dir, remove, err := atomicdir.TempDir(os.TempDir(), "ssu-remote")
	if err != nil {
		return nil, nil, err
	}
	defer remove()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: filepath.Join(dir, "pb_data")})
	if err := app.Bootstrap(); err != nil {
		return nil, nil, fmt.Errorf("local copy: %w", err)
	}
	defer app.ResetBootstrapState()
	if err := app.RunAllMigrations(); err != nil {
		return nil, nil, fmt.Errorf("local copy: %w", err)
	}
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, nil, err
	}
	defer fsys.Close()

	fetchCtx, cancel := context.WithTimeout(ctx, limits.Time)
	defer cancel()
	f := &fetcher{ctx: fetchCtx, base: base, limits: limits, scratch: dir, client: newClient(origin, opts.RootCAs)}
	err = f.copyAll(app, fsys)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		err = &LimitError{Reason: fmt.Sprintf("hentingen tok mer enn %v", limits.Time)}
	}
	if err != nil {
		return nil, nil, err
	}
	return records.Load(app, now)
}

// checkBase returns the origin of base: an https address, or http to this
// machine (a test, or a server on the build machine itself).
func checkBase(base string) (*url.URL, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("--from %q er ikke en http(s)-adresse", base)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, fmt.Errorf("--from %q må være en https-adresse (http bare til denne maskinen)", base)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newClient follows a redirect only within origin: a redirect to another
// host, port or scheme (https to http above all) is an error, so a build
// is never made from what another server says. rootCAs (nil: the
// system's) are the authorities trusted for https.
func newClient(origin *url.URL, rootCAs *x509.CertPool) *http.Client {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.ResponseHeaderTimeout = time.Minute
	if rootCAs != nil {
		transport.TLSClientConfig = &tls.Config{RootCAs: rootCAs, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if origin.Scheme == "https" && req.URL.Scheme != "https" {
				return &RedirectError{To: req.URL.Scheme + "://" + req.URL.Host, Origin: origin.String(), Insecure: true}
			}
			if req.URL.Scheme != origin.Scheme || req.URL.Host != origin.Host {
				return &RedirectError{To: req.URL.Scheme + "://" + req.URL.Host, Origin: origin.String()}
			}
			if len(via) >= 10 {
				return errors.New("serveren videresendte mer enn ti ganger")
			}
			return nil
		},
	}
}

// RedirectError is a redirect to another origin than the server's;
// Insecure when it is from https to a plain address.
type RedirectError struct {
	To, Origin string
	Insecure   bool
}

func (e *RedirectError) Error() string {
	if e.Insecure {
		return fmt.Sprintf("serveren videresendte fra https til %s, uten kryptering, og det følges ikke", e.To)
	}
	return fmt.Sprintf("serveren videresendte til %s, en annen server enn %s, og det følges ikke", e.To, e.Origin)
}

type fetcher struct {
	ctx     context.Context
	base    string
	limits  Limits
	scratch string
	client  *http.Client

	records, pages int
	bytes          int64
}

// copyAll copies every public record, with its files, into app.
func (f *fetcher) copyAll(app core.App, fsys *filesystem.System) error {
	for _, name := range schema.Content { // records before those that point to them
		coll, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		err = f.list(name, func(item map[string]any) error {
			r := core.NewRecord(coll)
			r.Load(item)
			// What the public API sends is public. A server from before
			// terms had a status (migration 1795393000) sends none for them.
			if coll.Fields.GetByName(schema.FieldStatus) != nil && r.GetString(schema.FieldStatus) == "" {
				r.Set(schema.FieldStatus, schema.StatusPublished)
			}
			for _, field := range coll.Fields {
				if field.Type() != core.FieldTypeFile {
					continue
				}
				for _, file := range r.GetStringSlice(field.GetName()) {
					err := f.download(fsys, "/api/files/"+url.PathEscape(coll.Id)+"/"+url.PathEscape(r.Id)+"/"+url.PathEscape(file), r.BaseFilesPath()+"/"+file)
					if stopsAll(err) {
						return err
					}
					// Otherwise the record stays without the file.
				}
			}
			if err := app.SaveNoValidate(r); err != nil {
				return fmt.Errorf("copy %s %s: %w", name, r.Id, err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// stopsAll reports whether an error ends the whole fetch: a bound reached,
// a redirect elsewhere, the time up or the build stopped. Other errors
// concern one file.
func stopsAll(err error) bool {
	var limit *LimitError
	var redirect *RedirectError
	return errors.As(err, &limit) || errors.As(err, &redirect) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// plain is err itself when it ends the whole fetch (it says all there is
// to say, in Norwegian), else err with context.
func plain(err error, what string) error {
	var limit *LimitError
	var redirect *RedirectError
	switch {
	case errors.As(err, &limit):
		return limit
	case errors.As(err, &redirect):
		return redirect
	}
	return fmt.Errorf("%s: %w", what, err)
}

// list calls each for every record of a collection the public may read,
// one at a time as the pages arrive.
func (f *fetcher) list(collection string, each func(map[string]any) error) error {
	for page := 1; ; page++ {
		if f.pages++; f.pages > f.limits.Pages {
			return &LimitError{Reason: fmt.Sprintf("serveren sendte mer enn %d sider med poster", f.limits.Pages)}
		}
		n := 0
		path := fmt.Sprintf("/api/collections/%s/records?page=%d&perPage=%d&skipTotal=1&sort=id", collection, page, perPage)
		err := f.get(path, func(body io.Reader) error {
			dec := json.NewDecoder(body)
			if err := toItems(dec); err != nil {
				return err
			}
			for dec.More() {
				var item map[string]any
				if err := dec.Decode(&item); err != nil {
					return err
				}
				if n++; n > perPage {
					return fmt.Errorf("serveren sendte mer enn %d poster på én side", perPage)
				}
				if f.records++; f.records > f.limits.Records {
					return &LimitError{Reason: fmt.Sprintf("serveren sendte mer enn %d poster", f.limits.Records)}
				}
				// Keys the API adds that are not fields.
				delete(item, "collectionId")
				delete(item, "collectionName")
				delete(item, "expand")
				if err := each(item); err != nil {
					return err
				}
			}
			// The closing bracket, or the error that made More say false.
			_, err := dec.Token()
			return err
		})
		if err != nil {
			return plain(err, fmt.Sprintf("read %s from %s", collection, f.base))
		}
		if n < perPage {
			return nil
		}
	}
}

// toItems reads a list answer up to the first record of its "items".
func toItems(dec *json.Decoder) error {
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('{') {
		return errors.New("not a list of records")
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return err
		}
		if key == "items" {
			if t, err := dec.Token(); err != nil {
				return err
			} else if t != json.Delim('[') {
				return errors.New("items is not a list")
			}
			return nil
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return errors.New("not a list of records (no items)")
}

// download stores the file at path as key in fsys, through a file on disk.
func (f *fetcher) download(fsys *filesystem.System, path, key string) error {
	tmp, err := os.CreateTemp(f.scratch, "fil-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	err = f.get(path, func(body io.Reader) error {
		_, err := io.Copy(tmp, body)
		return err
	})
	if err := errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	file, err := filesystem.NewFileFromPath(tmp.Name())
	if err != nil {
		return err
	}
	return fsys.UploadFile(file, key)
}

// get fetches one path and hands its body to read, counted against the
// limits. A guest is rate limited on the server, so a 429 answer is waited
// out and tried again.
func (f *fetcher) get(path string, read func(io.Reader) error) error {
	for attempt := 1; ; attempt++ {
		status, err := f.getOnce(path, read)
		if status != http.StatusTooManyRequests || attempt == 10 {
			return err
		}
		select {
		case <-f.ctx.Done():
			return f.ctx.Err()
		case <-time.After(time.Duration(attempt) * time.Second):
		}
	}
}

func (f *fetcher) getOnce(path string, read func(io.Reader) error) (int, error) {
	req, err := http.NewRequestWithContext(f.ctx, http.MethodGet, f.base+path, nil)
	if err != nil {
		return 0, err
	}
	res, err := f.client.Do(req)
	if err != nil {
		if f.ctx.Err() != nil {
			return 0, f.ctx.Err()
		}
		return 0, plain(err, "fetch "+path)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, fmt.Errorf("fetch %s: %s", path, res.Status)
	}
	if err := read(&counted{f: f, r: res.Body, left: f.limits.Response}); err != nil {
		if f.ctx.Err() != nil {
			return res.StatusCode, f.ctx.Err()
		}
		return res.StatusCode, plain(err, "fetch "+path)
	}
	return res.StatusCode, nil
}

// counted reads an answer, failing once it passes Limits.Response or the
// answers together pass Limits.Bytes. Past a bound it gives no more bytes,
// only the error, every time: a JSON decoder that finds a whole value in
// what it has would otherwise drop the error and read on.
type counted struct {
	f    *fetcher
	r    io.Reader
	left int64
}

func (c *counted) Read(p []byte) (int, error) {
	if err := c.over(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	c.f.bytes += int64(n)
	if err := c.over(); err != nil {
		return 0, err
	}
	return n, err
}

func (c *counted) over() error {
	switch {
	case c.left < 0:
		return &LimitError{Reason: fmt.Sprintf("ett svar fra serveren var større enn %d MiB", c.f.limits.Response>>20)}
	case c.f.bytes > c.f.limits.Bytes:
		return &LimitError{Reason: fmt.Sprintf("serveren sendte mer enn %d MiB til sammen", c.f.limits.Bytes>>20)}
	}
	return nil
}
