// Package archive keeps the content archive: a git repository on the
// server (pb_data/arkiv.git, pure Go, no git binary) with one commit per
// publication of the exported content/ tree, by the editors who made the
// changes, with the time and a message listing what changed. So every
// publication is a diff anyone can read, and content/ in the project's
// repository can be brought up to date from it. With SSU_ARCHIVE_REMOTE
// set, each commit is pushed there, retried with backoff; a failed push
// is logged and never holds up publishing. A missing or corrupt
// repository is made anew from the current export.
package archive

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Branch is the archive's branch.
const Branch = "main"

// Config says where the archive is and where it is pushed.
type Config struct {
	Dir     string          // the repository (bare); empty is pb_data/arkiv.git
	Remote  string          // SSU_ARCHIVE_REMOTE; empty pushes nowhere
	User    string          // SSU_ARCHIVE_USER, for an HTTPS remote
	Token   string          // SSU_ARCHIVE_TOKEN: a secret, never logged
	Backoff []time.Duration // waits between push attempts
	Clock   debounce.Clock  // what is published when (records.Load); times the run after a publication
}

// FromEnv reads SSU_ARCHIVE_REMOTE, SSU_ARCHIVE_USER and SSU_ARCHIVE_TOKEN.
func FromEnv(clock debounce.Clock) Config {
	return Config{
		Remote:  os.Getenv("SSU_ARCHIVE_REMOTE"),
		User:    os.Getenv("SSU_ARCHIVE_USER"),
		Token:   os.Getenv("SSU_ARCHIVE_TOKEN"),
		Backoff: []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute},
		Clock:   clock,
	}
}

// Archive commits publications.
type Archive struct {
	app  core.App
	cfg  Config
	runs *debounce.Debouncer

	mu      sync.Mutex
	pending []snapshot // publications not yet committed, oldest first
}

// snapshot is what a publication published: the exported content tree's
// files, taken when the publication is logged, and what it changed.
type snapshot struct {
	files   map[string][]byte
	reasons []string
	// at is when the publication was logged, by the database's clock,
	// which times the history too: the commit's time, and the end of the
	// changes whose editors are its authors.
	at time.Time
}

// Register commits the content after every publication that reached the
// public site (a build asked for, or a deploy live). The content is read
// when the publication is logged, so that each commit holds what its
// publication published; the commit and the push are made in the
// archive's own goroutine.
func Register(app core.App, cfg Config) *Archive {
	if cfg.Dir == "" {
		cfg.Dir = path.Join(app.DataDir(), "arkiv.git")
	}
	a := &Archive{app: app, cfg: cfg}
	a.runs = debounce.New(debounce.Config{Quiet: time.Second, Clock: cfg.Clock}, a.run)
	app.OnRecordAfterUpdateSuccess(schema.Publications).BindFunc(func(e *core.RecordEvent) error {
		status := e.Record.GetString(schema.FieldStatus)
		if (status == schema.PublicationSent || status == schema.PublicationLive) && e.Record.GetString("tilbake_til") == "" {
			snap, err := a.snapshot(e.App, strings.Split(e.Record.GetString("aarsak"), "\n"), e.Record.GetDateTime("updated").Time())
			if err != nil {
				e.App.Logger().Error("Innholdsarkivet fikk ikke publiseringen", "error", err.Error())
				return e.Next()
			}
			a.mu.Lock()
			a.pending = append(a.pending, snap)
			a.mu.Unlock()
			a.runs.Trigger()
		}
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		a.runs.Flush()
		return e.Next()
	})
	return a
}

// Wait returns when no commit or push is due or running.
func (a *Archive) Wait() { a.runs.Wait() }

func (a *Archive) run() {
	a.mu.Lock()
	snaps := a.pending
	a.pending = nil
	a.mu.Unlock()
	committed := false
	for _, snap := range snaps {
		hash, err := a.commit(snap)
		if err != nil {
			a.app.Logger().Error("Innholdsarkivet fikk ikke publiseringen", "error", err.Error())
			return
		}
		committed = committed || !hash.IsZero()
	}
	if !committed || a.cfg.Remote == "" {
		return
	}
	if err := a.push(context.Background()); err != nil {
		a.app.Logger().Error("Innholdsarkivet ble ikke sendt til SSU_ARCHIVE_REMOTE; neste publisering prøver igjen",
			"remote", redacted(a.cfg.Remote), "error", err.Error())
	}
}

// snapshot reads what is published now, for a publication logged at.
func (a *Archive) snapshot(app core.App, reasons []string, at time.Time) (snapshot, error) {
	tree, _, err := records.Load(app, a.cfg.Clock.Now())
	if err != nil {
		return snapshot{}, fmt.Errorf("read the content: %w", err)
	}
	files, err := tree.Files()
	if err != nil {
		return snapshot{}, fmt.Errorf("export the content: %w", err)
	}
	return snapshot{files: files, reasons: slices.DeleteFunc(reasons, func(r string) bool { return r == "" }), at: at}, nil
}

// commit commits a snapshot and returns the commit; the zero hash when
// nothing changed since the last.
func (a *Archive) commit(snap snapshot) (plumbing.Hash, error) {
	repo, parent, err := a.open()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	prefixed := make(map[string][]byte, len(snap.files))
	for name, data := range snap.files {
		prefixed["content/"+name] = data
	}
	root, err := writeTree(repo.Storer, prefixed)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var parents []plumbing.Hash
	since := time.Time{}
	if parent != nil {
		if parent.TreeHash == root {
			return plumbing.ZeroHash, nil
		}
		parents = []plumbing.Hash{parent.Hash}
		since = parent.Committer.When
	}
	editors, err := history.Editors(a.app, since, snap.at)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	now := snap.at
	commit := &object.Commit{
		Author:       author(editors, now),
		Committer:    object.Signature{Name: "SSU publiseringssystem", Email: "publisering@ssu.invalid", When: now},
		Message:      message(snap.reasons, editors, now),
		TreeHash:     root,
		ParentHashes: parents,
	}
	obj := repo.Storer.NewEncodedObject()
	if err := commit.Encode(obj); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("encode the commit: %w", err)
	}
	hash, err := repo.Storer.SetEncodedObject(obj)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("store the commit: %w", err)
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(Branch), hash)); err != nil {
		return plumbing.ZeroHash, fmt.Errorf("move %s: %w", Branch, err)
	}
	return hash, nil
}

// open opens the archive and its last commit (nil for none), making the
// repository anew, with a line in the log, when it is missing or cannot
// be read.
func (a *Archive) open() (*git.Repository, *object.Commit, error) {
	repo, err := git.PlainOpen(a.cfg.Dir)
	if err == nil {
		parent, perr := last(repo)
		if perr == nil {
			return repo, parent, nil
		}
		err = perr
	}
	if _, statErr := os.Stat(a.cfg.Dir); statErr == nil || !errors.Is(err, git.ErrRepositoryNotExists) {
		a.app.Logger().Warn("Innholdsarkivet var ødelagt og lages på nytt fra dagens eksport", "arkiv", a.cfg.Dir, "error", err.Error())
	} else {
		a.app.Logger().Info("Innholdsarkivet fantes ikke og lages fra dagens eksport", "arkiv", a.cfg.Dir)
	}
	if err := os.RemoveAll(a.cfg.Dir); err != nil {
		return nil, nil, fmt.Errorf("remove the broken archive: %w", err)
	}
	repo, err = git.PlainInitWithOptions(a.cfg.Dir, &git.PlainInitOptions{
		Bare: true, InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName(Branch)},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("create the archive: %w", err)
	}
	return repo, nil, nil
}

// last is the branch's commit, nil when there is none yet; an error when
// the commit or its tree cannot be read.
func last(repo *git.Repository) (*object.Commit, error) {
	ref, err := repo.Reference(plumbing.NewBranchReferenceName(Branch), true)
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	c, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("commit %s: %w", ref.Hash(), err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("tree of %s: %w", ref.Hash(), err)
	}
	// Read every object the tree names, so a damaged file is found now
	// and not when the next commit shares it.
	err = t.Files().ForEach(func(f *object.File) error {
		r, err := f.Reader()
		if err != nil {
			return err
		}
		return r.Close()
	})
	if err != nil {
		return nil, fmt.Errorf("files of %s: %w", ref.Hash(), err)
	}
	return c, nil
}

// writeTree stores files (slash paths) as blobs and trees and returns the
// root tree. A blob the archive has is not written again.
func writeTree(s storer.EncodedObjectStorer, files map[string][]byte) (plumbing.Hash, error) {
	type dir struct {
		files map[string]plumbing.Hash
		dirs  map[string]*dir
	}
	newDir := func() *dir { return &dir{files: map[string]plumbing.Hash{}, dirs: map[string]*dir{}} }
	root := newDir()
	for name, data := range files {
		hash := plumbing.ComputeHash(plumbing.BlobObject, data)
		if s.HasEncodedObject(hash) != nil {
			obj := s.NewEncodedObject()
			obj.SetType(plumbing.BlobObject)
			w, err := obj.Writer()
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if _, err := w.Write(data); err != nil {
				return plumbing.ZeroHash, err
			}
			if err := w.Close(); err != nil {
				return plumbing.ZeroHash, err
			}
			if _, err := s.SetEncodedObject(obj); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("store %s: %w", name, err)
			}
		}
		parts := strings.Split(name, "/")
		d := root
		for _, p := range parts[:len(parts)-1] {
			if d.dirs[p] == nil {
				d.dirs[p] = newDir()
			}
			d = d.dirs[p]
		}
		d.files[parts[len(parts)-1]] = hash
	}
	var write func(d *dir) (plumbing.Hash, error)
	write = func(d *dir) (plumbing.Hash, error) {
		var t object.Tree
		for name, hash := range d.files {
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: hash})
		}
		for name, sub := range d.dirs {
			hash, err := write(sub)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			t.Entries = append(t.Entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: hash})
		}
		// Git orders a tree's entries by name, a directory's as if it
		// ended in a slash.
		key := func(e object.TreeEntry) string {
			if e.Mode == filemode.Dir {
				return e.Name + "/"
			}
			return e.Name
		}
		slices.SortFunc(t.Entries, func(a, b object.TreeEntry) int { return strings.Compare(key(a), key(b)) })
		obj := s.NewEncodedObject()
		if err := t.Encode(obj); err != nil {
			return plumbing.ZeroHash, err
		}
		return s.SetEncodedObject(obj)
	}
	return write(root)
}

// author is the first editor of the changes, or the system when none
// (an import, the scheduler).
func author(editors []string, now time.Time) object.Signature {
	if len(editors) == 0 {
		return object.Signature{Name: "SSU publiseringssystem", Email: "publisering@ssu.invalid", When: now}
	}
	return object.Signature{Name: editors[0], Email: editors[0], When: now}
}

// message says when and what was published, with every editor after the
// first as a co-author (the trailer GitHub and GitLab read).
func message(reasons, editors []string, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Publisering %s\n\n", now.In(content.Zone).Format("02.01.2006 kl. 15.04"))
	if len(reasons) == 0 {
		b.WriteString("Innholdet slik det er publisert nå.\n")
	}
	for _, r := range reasons {
		b.WriteString("- " + r + "\n")
	}
	if len(editors) > 1 {
		b.WriteString("\n")
		for _, e := range editors[1:] {
			fmt.Fprintf(&b, "Co-authored-by: %s <%s>\n", e, e)
		}
	}
	return b.String()
}

// push sends the branch to the remote, retrying with backoff.
func (a *Archive) push(ctx context.Context) error {
	repo, err := git.PlainOpen(a.cfg.Dir)
	if err != nil {
		return err
	}
	remote := git.NewRemote(repo.Storer, &config.RemoteConfig{Name: "arkiv", URLs: []string{a.cfg.Remote}})
	opts := &git.PushOptions{
		RemoteName: "arkiv",
		RefSpecs:   []config.RefSpec{config.RefSpec("refs/heads/" + Branch + ":refs/heads/" + Branch)},
	}
	if a.cfg.Token != "" {
		opts.Auth = &githttp.BasicAuth{Username: a.cfg.User, Password: a.cfg.Token}
	}
	for attempt := 1; ; attempt++ {
		err := remote.PushContext(ctx, opts)
		if err == nil || errors.Is(err, git.NoErrAlreadyUpToDate) {
			a.app.Logger().Info("Innholdsarkivet er sendt", "remote", redacted(a.cfg.Remote), "forsok", attempt)
			return nil
		}
		if attempt > len(a.cfg.Backoff) {
			return fmt.Errorf("after %d attempts: %w", attempt, err)
		}
		time.Sleep(a.cfg.Backoff[attempt-1])
	}
}

// redacted is a remote's address without a password in it.
func redacted(remote string) string {
	u, err := url.Parse(remote)
	if err != nil || u.User == nil {
		return remote
	}
	return u.Redacted()
}
