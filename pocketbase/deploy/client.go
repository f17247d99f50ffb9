package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/netlify"
)

// DefaultAPI is Netlify's API.
const DefaultAPI = "https://api.netlify.com/api/v1"

// syncLimit is the most files a deploy is created with in one request
// that waits for Netlify's diff; above it the deploy is created async and
// polled until Netlify knows which files it needs, as the Netlify CLI does.
const syncLimit = 100

// Client speaks Netlify's file-digest deploy API: create a deploy with the
// SHA1 of every file, upload the files Netlify does not have (the
// "required" digests), wait until the deploy is ready. Netlify makes a
// deploy live only once it is ready, so a failed deploy leaves the live
// site as it was.
type Client struct {
	API   string // e.g. DefaultAPI
	Token string // a personal access token; sent in a header, never logged
	Site  string // the site's API id
	HTTP  *http.Client
	Poll  time.Duration // between looks at a deploy's state
}

// Deploy is Netlify's deploy object, the fields we read.
type Deploy struct {
	ID           string   `json:"id"`
	State        string   `json:"state"`
	Required     []string `json:"required"`
	ErrorMessage string   `json:"error_message"`
	DeployURL    string   `json:"deploy_ssl_url"`
	PlainURL     string   `json:"deploy_url"`
}

// URL is the deploy's own address.
func (d Deploy) URL() string {
	if d.DeployURL != "" {
		return d.DeployURL
	}
	return d.PlainURL
}

// Digests are a site's files: their paths (from the site's root, with a
// leading slash) and the SHA1 of each, as hex.
type Digests map[string]string

// Deploy creates a deploy of files, uploads what Netlify asks for (read
// gives a file's bytes) and waits until the deploy is live. It returns the
// deploy and how many files it uploaded.
func (c *Client) Deploy(ctx context.Context, files Digests, read func(path string) ([]byte, error)) (Deploy, int, error) {
	async := len(files) > syncLimit
	var d Deploy
	body := map[string]any{"files": files, "async": async, "draft": false}
	if err := c.call(ctx, http.MethodPost, "/sites/"+url.PathEscape(c.Site)+"/deploys", body, &d); err != nil {
		return Deploy{}, 0, err
	}
	if async {
		var err error
		if d, err = c.wait(ctx, d.ID, "prepared", "uploading", "uploaded", "ready"); err != nil {
			return d, 0, err
		}
	}
	// Every file whose digest Netlify requires is uploaded, as the CLI
	// does: the same bytes can sit at more than one path.
	required := map[string]bool{}
	for _, sha := range d.Required {
		required[sha] = true
	}
	var paths []string
	for path, sha := range files {
		if required[sha] {
			paths = append(paths, path)
		}
	}
	slices.Sort(paths)
	if err := c.uploadAll(ctx, d.ID, paths, read); err != nil {
		return d, 0, err
	}
	d, err := c.wait(ctx, d.ID, "ready")
	return d, len(paths), err
}

// uploads is how many files are sent at once, as the Netlify CLI sends
// several: one at a time, the first deploy of a large site would take
// an hour of round trips.
const uploads = 8

// uploadAll sends the files, several at a time, and stops at the first
// error.
func (c *Client) uploadAll(ctx context.Context, deployID string, paths []string, read func(string) ([]byte, error)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan string)
	errs := make(chan error, uploads)
	var wg sync.WaitGroup
	for range uploads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range next {
				data, err := read(path)
				if err == nil {
					err = c.upload(ctx, deployID, path, data)
				} else {
					err = fmt.Errorf("read %s: %w", path, err)
				}
				if err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
	go func() {
		defer close(next)
		for _, path := range paths {
			select {
			case next <- path:
			case <-ctx.Done():
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	return <-errs
}

// Restore makes an earlier deploy the live one again.
func (c *Client) Restore(ctx context.Context, deployID string) (Deploy, error) {
	var d Deploy
	err := c.call(ctx, http.MethodPost, "/sites/"+url.PathEscape(c.Site)+"/deploys/"+url.PathEscape(deployID)+"/restore", nil, &d)
	return d, err
}

// upload sends one file's bytes; the path is escaped segment by segment
// and loses its leading slash, as Netlify expects.
func (c *Client) upload(ctx context.Context, deployID, path string, data []byte) error {
	segments := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segments {
		segments[i] = url.PathEscape(s)
	}
	req, err := c.request(ctx, http.MethodPut, "/deploys/"+url.PathEscape(deployID)+"/files/"+strings.Join(segments, "/"), bytes.NewReader(data))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	return c.do(req, nil)
}

// wait polls a deploy until it is in one of the states, or failed.
func (c *Client) wait(ctx context.Context, deployID string, states ...string) (Deploy, error) {
	for {
		var d Deploy
		if err := c.call(ctx, http.MethodGet, "/sites/"+url.PathEscape(c.Site)+"/deploys/"+url.PathEscape(deployID), nil, &d); err != nil {
			return d, err
		}
		if d.State == "error" {
			return d, fmt.Errorf("Netlify kunne ikke gjøre utrullingen %s klar: %s", d.ID, d.ErrorMessage)
		}
		if slices.Contains(states, d.State) {
			return d, nil
		}
		select {
		case <-ctx.Done():
			return d, fmt.Errorf("Netlify ble ikke ferdig med utrullingen %s i tide (tilstand %s)", d.ID, d.State)
		case <-time.After(c.Poll):
		}
	}
}

func (c *Client) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := c.request(ctx, method, path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req, out)
}

func (c *Client) request(ctx context.Context, method, path string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.API, "/")+path, body)
	if err != nil {
		return nil, fmt.Errorf("netlify request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("User-Agent", "ssu")
	return req, nil
}

// ErrRefused is what a wrong token or site id gives: another attempt
// cannot mend it.
var ErrRefused = errors.New("Netlify avviste utrullingen: sjekk SSU_NETLIFY_TOKEN og SSU_NETLIFY_SITE. Ingenting er publisert, og nettstedet er som før.")

func (c *Client) do(req *http.Request, out any) error {
	res, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("Netlify svarte ikke (%s %s): %w", req.Method, req.URL.Path, unwrapURL(err))
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	switch {
	case res.StatusCode == http.StatusUnauthorized || res.StatusCode == http.StatusForbidden || res.StatusCode == http.StatusNotFound:
		return netlify.Permanent(ErrRefused)
	case res.StatusCode == http.StatusUnprocessableEntity:
		return netlify.Permanent(fmt.Errorf("Netlify godtok ikke utrullingen (%s %s): %s", req.Method, req.URL.Path, snippet(data)))
	case res.StatusCode/100 != 2:
		return fmt.Errorf("Netlify svarte %s på %s %s: %s", res.Status, req.Method, req.URL.Path, snippet(data))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("Netlify svarte uleselig på %s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// unwrapURL keeps the transport's error and drops the url.Error's
// repetition of the request.
func unwrapURL(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}

func snippet(data []byte) string {
	s := strings.TrimSpace(string(data))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
