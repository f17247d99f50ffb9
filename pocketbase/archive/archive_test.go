package archive_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/transport/client"
	"github.com/go-git/go-git/v5/plumbing/transport/server"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/archive"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

var someDay = time.Date(2026, time.March, 2, 12, 0, 0, 0, time.UTC)

func init() {
	// Push to file:// remotes in-process, without a git binary.
	client.InstallProtocol("file", server.DefaultServer)
}

// published logs a publication that reached the site, as the netlify
// package does: created waiting, then marked live.
func published(t *testing.T, app core.App, reasons ...string) {
	t.Helper()
	coll, err := app.FindCollectionByNameOrId(schema.Publications)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(coll)
	r.Set("aarsak", strings.Join(reasons, "\n"))
	r.Set(schema.FieldStatus, "venter")
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	r.Set(schema.FieldStatus, schema.PublicationLive)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
}

// editedBy changes a published project's title and notes the change in
// the history as the editor's.
func editedBy(t *testing.T, app core.App, editor, title string) {
	t.Helper()
	p, err := app.FindFirstRecordByFilter(schema.Projects, "status = 'publisert'")
	if err != nil {
		t.Fatal(err)
	}
	p.Set(schema.FieldTitle, title)
	if err := app.Save(p); err != nil {
		t.Fatal(err)
	}
	coll, _ := app.FindCollectionByNameOrId(schema.History)
	h := core.NewRecord(coll)
	h.Set("samling", schema.Projects)
	h.Set("post", p.Id)
	h.Set("tittel", title)
	h.Set("handling", "endret")
	h.Set("bruker", editor)
	if err := app.Save(h); err != nil {
		t.Fatal(err)
	}
}

// lastPublication is when the newest publication was logged, as the
// archive's messages say it.
func lastPublication(t *testing.T, app core.App) string {
	t.Helper()
	pubs, err := app.FindRecordsByFilter(schema.Publications, "", "-created", 1, 0)
	if err != nil || len(pubs) == 0 {
		t.Fatal(err)
	}
	return pubs[0].GetDateTime("updated").Time().In(content.Zone).Format("02.01.2006 kl. 15.04")
}

type fixture struct {
	app     core.App
	archive *archive.Archive
	clock   *debounce.Fake
	dir     string
}

func newFixture(t *testing.T, remote string) fixture {
	app := pbtest.NewApp(t)
	pbtest.ImportSeeds(t, app)
	clock := debounce.NewFake(someDay)
	dir := filepath.Join(t.TempDir(), "arkiv.git")
	a := archive.Register(app, archive.Config{Dir: dir, Remote: remote, Backoff: []time.Duration{time.Millisecond}, Clock: clock})
	return fixture{app: app, archive: a, clock: clock, dir: dir}
}

// settle lets the archive's wait after a publication pass.
func (f fixture) settle() {
	f.clock.Advance(time.Minute)
	f.archive.Wait()
}

func head(t *testing.T, dir string) *object.Commit {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName(archive.Branch), true)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.CommitObject(ref.Hash())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sameAsExport requires the commit to hold exactly the export, under content/.
func sameAsExport(t *testing.T, app core.App, c *object.Commit) {
	t.Helper()
	tree, _, err := records.Load(app, someDay)
	if err != nil {
		t.Fatal(err)
	}
	want, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	files, err := c.Files()
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	err = files.ForEach(func(f *object.File) error {
		got++
		name, ok := strings.CutPrefix(f.Name, "content/")
		r, err := f.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		data, _ := io.ReadAll(r)
		if !ok || string(want[name]) != string(data) {
			t.Errorf("%s in the archive is not the export's", f.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(want) {
		t.Errorf("the commit has %d files; the export %d", got, len(want))
	}
}

func TestArchiveCommitsEachPublication(t *testing.T) {
	f := newFixture(t, "")
	published(t, f.app, "Importert innhold")
	f.settle()
	first := head(t, f.dir)
	sameAsExport(t, f.app, first)
	if first.Author.Email != "publisering@ssu.invalid" || len(first.ParentHashes) != 0 {
		t.Errorf("first commit by %s with %d parents; want the system's, with none", first.Author.Email, len(first.ParentHashes))
	}

	f.clock.Advance(time.Hour)
	editedBy(t, f.app, "anne@example.org", "Anne sin tittel")
	editedBy(t, f.app, "per@example.org", "Per sin tittel")
	published(t, f.app, "prosjekter «Per sin tittel» endret")
	f.settle()
	second := head(t, f.dir)
	sameAsExport(t, f.app, second)
	if len(second.ParentHashes) != 1 || second.ParentHashes[0] != first.Hash {
		t.Errorf("second commit's parents %v; want the first, %s", second.ParentHashes, first.Hash)
	}
	if second.Author.Email != "anne@example.org" || !strings.Contains(second.Message, "Co-authored-by: per@example.org <per@example.org>") {
		t.Errorf("second commit by %s:\n%s\nwant Anne as author and Per as co-author", second.Author.Email, second.Message)
	}
	if !strings.Contains(second.Message, "- prosjekter «Per sin tittel» endret") || !strings.HasPrefix(second.Message, "Publisering "+lastPublication(t, f.app)) {
		t.Errorf("message:\n%s\nwant the time and what changed", second.Message)
	}
	stats, err := second.Stats()
	if err != nil || len(stats) != 1 {
		t.Errorf("the second commit changes %v (%v); want the one project file", stats, err)
	}

	// A publication with nothing new to archive makes no commit.
	published(t, f.app, "Ingenting nytt")
	f.settle()
	if got := head(t, f.dir); got.Hash != second.Hash {
		t.Errorf("a publication without changes made commit %s", got.Hash)
	}
}

func TestBrokenArchiveIsMadeAnew(t *testing.T) {
	for name, breakIt := range map[string]func(dir string) error{
		"missing": os.RemoveAll,
		"corrupt": func(dir string) error {
			return filepath.WalkDir(filepath.Join(dir, "objects"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					err = os.WriteFile(p, []byte("kaputt"), 0o644)
				}
				return err
			})
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, "")
			published(t, f.app, "Første")
			f.settle()
			if err := breakIt(f.dir); err != nil {
				t.Fatal(err)
			}
			editedBy(t, f.app, "anne@example.org", "Etter skaden")
			published(t, f.app, "prosjekter «Etter skaden» endret")
			f.settle()
			c := head(t, f.dir)
			sameAsExport(t, f.app, c)
			if len(c.ParentHashes) != 0 {
				t.Errorf("the new archive's commit has parents %v; want a fresh history", c.ParentHashes)
			}
		})
	}
}

func TestArchiveIsPushed(t *testing.T) {
	remoteDir := filepath.Join(t.TempDir(), "remote.git")
	if _, err := git.PlainInit(remoteDir, true); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, "file://"+remoteDir)
	published(t, f.app, "Første")
	f.settle()
	local := head(t, f.dir)
	if got := head(t, remoteDir); got.Hash != local.Hash {
		t.Errorf("remote has %s; want the archive's %s", got.Hash, local.Hash)
	}
}

func TestFailedPushKeepsTheCommit(t *testing.T) {
	f := newFixture(t, "file://"+filepath.Join(t.TempDir(), "no-such-remote.git"))
	published(t, f.app, "Første")
	f.settle()
	sameAsExport(t, f.app, head(t, f.dir))
}
