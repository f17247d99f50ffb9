// Package netlifytest is a fake Netlify for tests, on 127.0.0.1: the
// file-digest deploy (create a deploy with the SHA1 of every file, upload
// the required files, read a deploy's state), restore, and the live site
// itself, served from the deploy that is live. It checks every SHA1 it is
// sent, refuses a wrong token or site as Netlify does, and can be slow or
// down on cue.
package netlifytest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is the fake Netlify.
type Server struct {
	URL string // the live site
	API string // the API, for SSU_NETLIFY_API

	token, site string
	srv         *httptest.Server

	mu       sync.Mutex
	blobs    map[string][]byte // every file ever uploaded, by SHA1
	deploys  map[string]*deploy
	live     string // the deploy the site serves
	seq      int
	delay    time.Duration
	down     int // API requests still to answer 503
	failing  int // uploads still to answer 500
	problems []string
	uploads  int
}

type deploy struct {
	ID        string            `json:"id"`
	State     string            `json:"state"`
	Required  []string          `json:"required"`
	DeployURL string            `json:"deploy_ssl_url"`
	files     map[string]string // path → SHA1
	asked     map[string]bool   // the SHA1s Netlify asked for
	preparing bool              // async: the first look still finds it preparing
}

// New starts a fake Netlify that accepts token for site; it stops when the
// test ends.
func New(t testing.TB, token, site string) *Server {
	s := &Server{token: token, site: site, blobs: map[string][]byte{}, deploys: map[string]*deploy{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.URL = s.srv.URL
	s.API = s.srv.URL + "/api/v1"
	return s
}

// Slow makes every API answer wait d.
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Down makes the next n API requests answer 503 Service Unavailable.
func (s *Server) Down(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = n
}

// FailUploads makes the next n uploads answer 500 Internal Server Error.
func (s *Server) FailUploads(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing = n
}

// Live is the id of the deploy the site serves, "" before the first.
func (s *Server) Live() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.live
}

// LiveFiles are the paths and SHA1s of the deploy the site serves.
func (s *Server) LiveFiles() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.deploys[s.live]; d != nil {
		return maps.Clone(d.files)
	}
	return nil
}

// Deploys is how many deploys were created.
func (s *Server) Deploys() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.deploys)
}

// Uploads is how many files were uploaded, all deploys together.
func (s *Server) Uploads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.uploads
}

// Problems are the requests that broke the protocol: a digest that is not
// a SHA1, an upload whose bytes do not match its digest or that was not
// asked for. A correct client leaves none.
func (s *Server) Problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.problems...)
}

var (
	createPath  = regexp.MustCompile(`^/api/v1/sites/([^/]+)/deploys$`)
	deployPath  = regexp.MustCompile(`^/api/v1/sites/([^/]+)/deploys/([^/]+)$`)
	restorePath = regexp.MustCompile(`^/api/v1/sites/([^/]+)/deploys/([^/]+)/restore$`)
	uploadPath  = regexp.MustCompile(`^/api/v1/deploys/([^/]+)/files/(.+)$`)
	digest      = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		s.serveSite(w, r)
		return
	}
	s.mu.Lock()
	delay := s.delay
	down := s.down > 0
	if down {
		s.down--
	}
	s.mu.Unlock()
	time.Sleep(delay)
	if down {
		http.Error(w, `{"code":503,"message":"unavailable"}`, http.StatusServiceUnavailable)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.token {
		http.Error(w, `{"code":401,"message":"Access Denied"}`, http.StatusUnauthorized)
		return
	}
	path := r.URL.Path
	switch m := createPath.FindStringSubmatch(path); {
	case m != nil && r.Method == http.MethodPost:
		s.create(w, r, m[1])
		return
	}
	if m := restorePath.FindStringSubmatch(path); m != nil && r.Method == http.MethodPost {
		s.restore(w, m[1], m[2])
		return
	}
	if m := deployPath.FindStringSubmatch(path); m != nil && r.Method == http.MethodGet {
		s.show(w, m[1], m[2])
		return
	}
	if m := uploadPath.FindStringSubmatch(path); m != nil && r.Method == http.MethodPut {
		s.upload(w, r, m[1], "/"+m[2])
		return
	}
	http.Error(w, `{"code":404,"message":"Not Found"}`, http.StatusNotFound)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request, site string) {
	if site != s.site {
		http.Error(w, `{"code":404,"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	var body struct {
		Files map[string]string `json:"files"`
		Async bool              `json:"async"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Files) == 0 {
		http.Error(w, `{"code":422,"message":"no files"}`, http.StatusUnprocessableEntity)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	required := map[string]bool{}
	for path, sha := range body.Files {
		if !digest.MatchString(sha) || !strings.HasPrefix(path, "/") {
			s.problems = append(s.problems, fmt.Sprintf("create: %s has digest %q", path, sha))
			http.Error(w, `{"code":422,"message":"invalid digest"}`, http.StatusUnprocessableEntity)
			return
		}
		if _, ok := s.blobs[sha]; !ok {
			required[sha] = true
		}
	}
	s.seq++
	d := &deploy{ID: fmt.Sprintf("deploy%03d", s.seq), files: body.Files, asked: required, preparing: body.Async}
	d.DeployURL = s.URL + "/deploys/" + d.ID + "/"
	for sha := range required {
		d.Required = append(d.Required, sha)
	}
	s.deploys[d.ID] = d
	s.settle(d)
	shown := *d
	if d.preparing {
		shown.State, shown.Required = "preparing", nil
	}
	writeJSON(w, http.StatusOK, shown)
}

// settle marks a deploy ready, and live, once nothing it needs is missing.
func (s *Server) settle(d *deploy) {
	if len(d.Required) > 0 {
		d.State = "uploading"
		return
	}
	for path, sha := range d.files {
		if _, ok := s.blobs[sha]; !ok {
			s.problems = append(s.problems, "ready without "+path)
			d.State = "error"
			return
		}
	}
	if d.State != "ready" {
		d.State = "ready"
		s.live = d.ID
	}
}

func (s *Server) show(w http.ResponseWriter, site, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.deploys[id]
	if !ok || site != s.site {
		http.Error(w, `{"code":404,"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	d.preparing = false
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, id, path string) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.deploys[id]
	if !ok {
		http.Error(w, `{"code":404,"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	if s.failing > 0 {
		s.failing--
		http.Error(w, `{"code":500,"message":"upload failed"}`, http.StatusInternalServerError)
		return
	}
	want, ok := d.files[path]
	if !ok {
		s.problems = append(s.problems, "upload of a file not in the deploy: "+path)
		http.Error(w, `{"code":422,"message":"not in deploy"}`, http.StatusUnprocessableEntity)
		return
	}
	sum := sha1.Sum(data)
	if got := hex.EncodeToString(sum[:]); got != want {
		s.problems = append(s.problems, fmt.Sprintf("upload of %s: SHA1 %s; the deploy said %s", path, got, want))
		http.Error(w, `{"code":422,"message":"digest mismatch"}`, http.StatusUnprocessableEntity)
		return
	}
	if !d.asked[want] {
		s.problems = append(s.problems, "upload not asked for: "+path)
	}
	s.uploads++
	s.blobs[want] = data
	d.Required = slices.DeleteFunc(d.Required, func(sha string) bool { return sha == want })
	s.settle(d)
	writeJSON(w, http.StatusOK, map[string]any{"id": path, "path": path, "sha": want, "size": len(data)})
}

func (s *Server) restore(w http.ResponseWriter, site, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.deploys[id]
	if !ok || site != s.site {
		http.Error(w, `{"code":404,"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	if d.State != "ready" {
		http.Error(w, `{"code":422,"message":"deploy is not ready"}`, http.StatusUnprocessableEntity)
		return
	}
	s.live = d.ID
	writeJSON(w, http.StatusCreated, d)
}

// serveSite serves the live deploy, as the site's visitors see it:
// /x/ is /x/index.html.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.deploys[s.live]
	path := r.URL.Path
	if strings.HasSuffix(path, "/") {
		path += "index.html"
	}
	if d == nil {
		http.NotFound(w, r)
		return
	}
	sha, ok := d.files[path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("X-Deploy-Id", d.ID)
	if strings.HasSuffix(path, ".html") {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	w.Write(s.blobs[sha])
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
