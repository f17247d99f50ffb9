// Package deploy publishes the public site from the editing server itself:
// it builds what is published (as `ssu build --search` does), indexes it
// with Pagefind and deploys it through Netlify's file-digest API, which
// uploads only the files Netlify does not have yet. It is the netlify
// package's Sender when SSU_NETLIFY_TOKEN and SSU_NETLIFY_SITE are set;
// the netlify package decides when to publish, retries and logs. An
// editor can also make an earlier deploy live again (Rollback).
package deploy

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/netlify"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// Config says where to deploy and how.
type Config struct {
	API     string           // Netlify's API; empty is DefaultAPI
	Token   string           // SSU_NETLIFY_TOKEN: a secret, from the environment only
	Site    string           // SSU_NETLIFY_SITE: the site's API id
	BaseURL string           // the public site's address; empty keeps hugo.toml's
	Clock   func() time.Time // the build's "now"
	Poll    time.Duration    // between looks at a deploy's state; 0 is a second
	Timeout time.Duration    // for one attempt, build included; 0 is ten minutes
}

// Enabled says whether direct deploys are configured.
func (c Config) Enabled() bool { return c.Token != "" && c.Site != "" }

// FromEnv reads SSU_NETLIFY_TOKEN, SSU_NETLIFY_SITE, SSU_NETLIFY_API and
// SSU_SITE_URL.
func FromEnv(clock func() time.Time) Config {
	return Config{
		API:     os.Getenv("SSU_NETLIFY_API"),
		Token:   os.Getenv("SSU_NETLIFY_TOKEN"),
		Site:    os.Getenv("SSU_NETLIFY_SITE"),
		BaseURL: os.Getenv("SSU_SITE_URL"),
		Clock:   clock,
	}
}

// Deployer builds and deploys the public site.
type Deployer struct {
	app    core.App
	cfg    Config
	client *Client

	mu      sync.Mutex         // one build at a time
	site    *site.Incremental  // Hugo, kept between deploys
	synced  *content.SyncedDir // the content directory as the last build wrote it
	records *records.Cache     // the records the last build read
}

// New returns a deployer that works in the app's data directory
// (pb_data/publisering).
func New(app core.App, cfg Config) *Deployer {
	if cfg.API == "" {
		cfg.API = DefaultAPI
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Minute
	}
	d := &Deployer{app: app, cfg: cfg, records: records.NewCache(app), client: &Client{
		API: cfg.API, Token: cfg.Token, Site: cfg.Site, Poll: cfg.Poll,
		HTTP: &http.Client{Timeout: time.Minute},
	}}
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		d.Close()
		return e.Next()
	})
	return d
}

// Close lets go of the Hugo kept between deploys.
func (d *Deployer) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.site != nil {
		d.site.Close()
		d.site = nil
	}
}

func (d *Deployer) dir() string { return filepath.Join(d.app.DataDir(), "publisering") }

// Send builds what is public now and deploys it (netlify.Sender). The
// live site changes only when Netlify has the whole deploy.
func (d *Deployer) Send(ctx context.Context, _ []string) (netlify.Sent, error) {
	ctx, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	defer cancel()
	start := time.Now()
	out, note, err := d.build(ctx)
	if err != nil {
		return netlify.Sent{}, err
	}
	built := time.Now()
	files, err := SiteDigests(out)
	if err != nil {
		return netlify.Sent{}, err
	}
	hashed := time.Now()
	dep, uploaded, err := d.client.Deploy(ctx, files, func(path string) ([]byte, error) {
		if path == configFile {
			return ssu.NetlifyTOML, nil
		}
		return os.ReadFile(filepath.Join(out, filepath.FromSlash(path)))
	})
	if err != nil {
		return netlify.Sent{}, err
	}
	answer := fmt.Sprintf("Utrullingen %s er ute: %d av %d filer lastet opp. Bygging %s, sjekksummer %s, Netlify %s.",
		dep.ID, uploaded, len(files), seconds(built.Sub(start)), seconds(hashed.Sub(built)), seconds(time.Since(hashed))) + note
	return netlify.Sent{Status: schema.PublicationLive, Answer: answer, DeployID: dep.ID, URL: dep.URL(), Uploaded: uploaded}, nil
}

// build exports the published content and builds the site with search
// into the deployer's directory, and returns the built site and a note
// for the log when search could not be indexed. It keeps Hugo in memory
// as the preview does (site.Incremental): after an edit only the pages
// that depend on it are rendered again, and a full build is made where
// that is not correct (a page added, removed or moved to another list).
// Pagefind indexes the whole site each time.
func (d *Deployer) build(ctx context.Context) (string, string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	tree, _, err := d.records.Load(d.app, d.cfg.Clock())
	if err != nil {
		return "", "", fmt.Errorf("les innholdet: %w", err)
	}
	contentDir, out := filepath.Join(d.dir(), "content"), filepath.Join(d.dir(), "public")
	if err := os.MkdirAll(d.dir(), 0o755); err != nil {
		return "", "", err
	}
	if d.synced == nil {
		d.synced = &content.SyncedDir{Dir: contentDir}
	}
	changes, anew, err := d.synced.Sync(tree)
	if (err != nil || anew) && d.site != nil {
		d.site.Invalidate()
	}
	if err != nil {
		return "", "", fmt.Errorf("skriv innholdet: %w", err)
	}
	note := ""
	search := site.SearchInstalled() == nil
	if !search {
		note = "\nSøket er ikke med: Pagefind er ikke installert på serveren (npm install, se docs/drift.md)."
	}
	if d.site == nil {
		opts := site.Options{ContentDir: contentDir, OutDir: out, BaseURL: d.cfg.BaseURL, Search: search, Clock: d.cfg.Clock}
		if d.site, err = site.NewIncremental(opts); err != nil {
			return "", "", err
		}
	}
	if _, err := d.site.Build(ctx, changes); err != nil {
		err = fmt.Errorf("nettstedet kunne ikke bygges, ingenting er publisert: %w", err)
		if ctx.Err() != nil {
			return "", "", err // out of time: another attempt may finish
		}
		return "", "", netlify.Permanent(err)
	}
	return out, note, nil
}

// configFile is where a deploy carries netlify.toml, as the Netlify CLI
// puts it: Netlify reads the headers and the 404 redirect from it.
const configFile = "/netlify.toml"

// SiteDigests are the SHA1 of every file of a built site, and of the
// netlify.toml a deploy carries.
func SiteDigests(out string) (Digests, error) {
	files := Digests{configFile: sha(ssu.NetlifyTOML)}
	err := filepath.WalkDir(out, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(out, path)
		if err != nil {
			return err
		}
		files["/"+filepath.ToSlash(rel)] = sha(data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("digests of the built site: %w", err)
	}
	return files, nil
}

// seconds is a duration as editors read it: "1,2 s".
func seconds(d time.Duration) string {
	return strings.Replace(fmt.Sprintf("%.1f s", d.Seconds()), ".", ",", 1)
}

func sha(data []byte) string {
	sum := sha1.Sum(data)
	return hex.EncodeToString(sum[:])
}

// Rollback makes the deploy of an earlier publication live again with
// Netlify's restore, and logs it as a publication by the editor. The
// error is a Norwegian sentence.
func (d *Deployer) Rollback(n *netlify.Notifier, publicationID, editor string) error {
	pub, err := d.app.FindRecordById(schema.Publications, publicationID)
	if err != nil {
		return fmt.Errorf("Fant ikke publiseringen.")
	}
	deployID := pub.GetString("utrulling")
	if deployID == "" || pub.GetString(schema.FieldStatus) != schema.PublicationLive {
		return fmt.Errorf("Publiseringen har ingen utrulling som kan gjøres gjeldende igjen.")
	}
	when := pub.GetDateTime("created").Time().In(content.Zone).Format("02.01.2006 kl. 15.04")
	reason := fmt.Sprintf("Tilbakestilt av %s til publiseringen fra %s (utrulling %s)", editor, when, deployID)
	_, err = n.Publish([]string{reason}, func(ctx context.Context, _ []string) (netlify.Sent, error) {
		dep, err := d.client.Restore(ctx, deployID)
		if err != nil {
			return netlify.Sent{}, err
		}
		return netlify.Sent{
			Status: schema.PublicationLive, DeployID: dep.ID, URL: dep.URL(), Restored: deployID,
			Answer: "Utrullingen " + deployID + " er gjeldende igjen.",
		}, nil
	})
	if err != nil {
		return fmt.Errorf("Tilbakestillingen feilet: %s", strings.TrimSuffix(err.Error(), "."))
	}
	return nil
}
