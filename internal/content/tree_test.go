package content_test

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestEdgeCasesRoundTrip(t *testing.T) {
	tree := contenttest.EdgeCases()
	files, err := tree.Files()
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := content.Parse(files)
	if err != nil {
		t.Fatalf("parse what was written: %v", err)
	}
	if !reflect.DeepEqual(parsed, tree) {
		t.Errorf("parse(files(tree)) differs from tree:\ngot  %+v\nwant %+v", parsed, tree)
	}
	again, err := parsed.Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if !bytes.Equal(again[name], data) {
			t.Errorf("%s changed on the second write:\ngot  %q\nwant %q", name, again[name], data)
		}
	}
	if len(again) != len(files) {
		t.Errorf("second write has %d files; want %d", len(again), len(files))
	}
}

func TestNoShortcodeReachesHugo(t *testing.T) {
	files, err := contenttest.EdgeCases().Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		// Hugo looks for shortcodes only in the body, after the front matter.
		_, body, _ := bytes.Cut(data[3:], []byte("\n+++\n"))
		if bytes.Contains(body, []byte("{{<")) || bytes.Contains(body, []byte("{{%")) {
			t.Errorf("%s has shortcode syntax in its body that Hugo would run", name)
		}
	}
}

// TestGolden pins the exact bytes the exporter writes. Run with -update
// after a deliberate format change and review the diff.
func TestGolden(t *testing.T) {
	files, err := contenttest.EdgeCases().Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := content.WriteFiles(dir, files); err != nil {
			t.Fatal(err)
		}
	}
	onDisk, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !bytes.Equal(onDisk[name], files[name]) {
			t.Errorf("%s differs from the golden file:\ngot\n%s\nwant\n%s", name, files[name], onDisk[name])
		}
	}
	for name := range onDisk {
		if _, ok := files[name]; !ok {
			t.Errorf("golden file %s is no longer written", name)
		}
	}
}

func TestWriteReplacesTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	tree := contenttest.EdgeCases()
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	gone := filepath.Join(dir, "prosjekter", "tomt.md")
	if _, err := os.Stat(gone); err != nil {
		t.Fatalf("first write: %v", err)
	}
	tree.Projects = tree.Projects[:1]
	if err := tree.Write(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(gone); !os.IsNotExist(err) {
		t.Errorf("stat %s after the project was removed: %v; want not exist", gone, err)
	}
	read, err := content.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(read, tree) {
		t.Errorf("read back a different tree:\ngot  %+v\nwant %+v", read, tree)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("%d entries beside content/ after two writes; want only content/ (no temporary trees left)", len(entries))
	}
}

// TestWriteKeepsUnchangedFiles writes twice: a file with the same bytes is
// the same file (linked, not written again), and a file changed by hand
// since is written anew.
func TestWriteKeepsUnchangedFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	files := map[string][]byte{"a/same.md": []byte("same"), "a/edited.md": []byte("ours"), "b.md": []byte("old")}
	if err := content.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	stat := func(name string) os.FileInfo {
		t.Helper()
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	same := stat("a/same.md")
	if err := os.WriteFile(filepath.Join(dir, "a", "edited.md"), []byte("hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	files["b.md"] = []byte("new")
	if err := content.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(same, stat("a/same.md")) {
		t.Error("an unchanged file was written again")
	}
	got, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, files) {
		t.Errorf("after the second write the tree holds %q; want %q", got, files)
	}
}

// TestUpdateSaysWhatChanged: the preview tells Hugo which files changed.
func TestUpdateSaysWhatChanged(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	tree := contenttest.EdgeCases()
	first, err := tree.Update(dir)
	if err != nil {
		t.Fatal(err)
	}
	all, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Created) != len(all) || len(first.Written)+len(first.Removed) != 0 {
		t.Errorf("first update created %d files, wrote %v and removed %v; want all %d created", len(first.Created), first.Written, first.Removed, len(all))
	}
	gone := tree.Projects[len(tree.Projects)-1]
	tree.Projects = tree.Projects[:len(tree.Projects)-1]
	tree.Projects[0].Body += "\n\nEn ny setning."
	second, err := tree.Update(dir)
	if err != nil {
		t.Fatal(err)
	}
	changedFile := func(p content.Project) string {
		for name := range all {
			if strings.HasPrefix(name, "prosjekter/"+p.Slug+".") || strings.HasPrefix(name, "prosjekter/"+p.Slug+"/index.") {
				return name
			}
		}
		t.Fatalf("no file for project %s", p.Slug)
		return ""
	}
	if want := []string{changedFile(tree.Projects[0])}; !slices.Equal(second.Written, want) || len(second.Created) != 0 {
		t.Errorf("second update wrote %v and created %v; want %v written", second.Written, second.Created, want)
	}
	if len(second.Removed) == 0 || !strings.HasPrefix(second.Removed[0], "prosjekter/"+gone.Slug) {
		t.Errorf("second update removed %v; want the files of %s", second.Removed, gone.Slug)
	}
}

// TestSyncWritesOnlyChanges: the preview's content directory is brought up
// to date from what the last sync wrote.
func TestSyncWritesOnlyChanges(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	tree := contenttest.EdgeCases()
	_, last, err := tree.Sync(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	tree.Projects[0].Body += "\n\nEn ny setning."
	gone := tree.Projects[len(tree.Projects)-1]
	tree.Projects = tree.Projects[:len(tree.Projects)-1]
	changes, now, err := tree.Sync(dir, last)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes.Written) != 1 || len(changes.Created) != 0 || len(changes.Removed) == 0 ||
		!strings.HasPrefix(changes.Removed[0], "prosjekter/"+gone.Slug) {
		t.Errorf("sync after one edit and one removal: %+v", changes)
	}
	if w := changes.Written[0]; !bytes.Equal(changes.Before[w], last[w]) {
		t.Errorf("Before[%s] is not what the file held before", w)
	}
	got, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, now) {
		t.Error("after the sync the directory does not hold the tree's files")
	}
}

func TestInvalidTreeIsNotWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := contenttest.EdgeCases().Write(dir); err != nil {
		t.Fatal(err)
	}
	before, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	bad := contenttest.EdgeCases()
	bad.Projects[0].Title = ""
	if err := bad.Write(dir); err == nil {
		t.Fatal("writing a tree with an empty title succeeded; want an error")
	}
	after, err := content.ReadFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Error("a failed write changed the content directory")
	}
}

const report = "+++\ntitle = \"Rapport\"\naar = 2031\n+++\n"

func TestParseErrors(t *testing.T) {
	scenarios := []struct {
		name  string
		files map[string]string
		want  string // path, line and reason as the editor reads them
	}{
		{
			name:  "broken TOML",
			files: map[string]string{"arsrapporter/2031/_index.md": "+++\ntitle = \"Rapport\"\naar = \n+++\n"},
			want:  "arsrapporter/2031/_index.md, linje 3: ugyldig TOML",
		},
		{
			name:  "unknown field",
			files: map[string]string{"arsrapporter/2031/_index.md": "+++\ntitle = \"Rapport\"\naar = 2031\ntittel = \"skrivefeil\"\n+++\n"},
			want:  "arsrapporter/2031/_index.md, linje 4: ukjent felt «tittel»",
		},
		{
			name:  "missing required field",
			files: map[string]string{"prosjekter/p.md": "+++\naar = 2031\nweight = 1\n+++\n"},
			want:  "prosjekter/p.md, linje 1: feltet «title» mangler eller er tomt",
		},
		{
			name: "duplicate member",
			files: map[string]string{"arsrapporter/2031/_index.md": report[:len(report)-4] +
				"[[medlemmer]]\nnavn = \"Kari\"\norgan = \"SSU\"\n[[medlemmer]]\nnavn = \"Kari\"\norgan = \"SSU\"\n+++\n"},
			want: "arsrapporter/2031/_index.md, linje 5: Kari står to ganger i SSU",
		},
		{
			name:  "slug with capitals",
			files: map[string]string{"prosjekter/Prosjekt.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n"},
			want:  "prosjekter/Prosjekt.md: adressenavnet (slug) «Prosjekt» kan bare ha små bokstaver",
		},
		{
			name:  "unknown term",
			files: map[string]string{"prosjekter/p.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\npartnere = [\"finnes-ikke\"]\n+++\n"},
			want:  "prosjekter/p.md, linje 5: «finnes-ikke» finnes ikke i partnere",
		},
		{
			name:  "year that disagrees with its directory",
			files: map[string]string{"arsrapporter/2030/_index.md": report},
			want:  "arsrapporter/2030/_index.md, linje 3: aar = 2031 stemmer ikke med mappen 2030",
		},
		{
			name:  "file the exporter never writes",
			files: map[string]string{"arsrapporter/2031/_index.md": report, "arsrapporter/2031/notat.txt": "x"},
			want:  "arsrapporter/2031/notat.txt: ukjent fil i rapportmappen",
		},
		{
			name:  "section without its report",
			files: map[string]string{"arsrapporter/2031/del.md": "+++\ntitle = \"Del\"\nweight = 1\n+++\n"},
			want:  "arsrapporter/2031/del.md: rapportmappen mangler en gyldig _index.md",
		},
		{
			name:  "no front matter",
			files: map[string]string{"prosjekter/p.md": "Bare tekst\n"},
			want:  "prosjekter/p.md, linje 1: filen må begynne med +++",
		},
		{
			name: "image without alternative text",
			files: map[string]string{
				"prosjekter/p/index.md":  "+++\ntitle = \"P\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\n+++\n",
				"prosjekter/p/bilde.png": "png",
			},
			want: "prosjekter/p/index.md, linje 5: bildet mangler alternativ tekst",
		},
		{
			name: "image the page does not name",
			files: map[string]string{
				"prosjekter/p/index.md":  "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
				"prosjekter/p/bilde.png": "png",
			},
			want: "prosjekter/p/bilde.png: bildet hører ikke til noen side",
		},
		{
			name: "image named but missing",
			files: map[string]string{
				"prosjekter/p/index.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\nbilde = \"bilde.png\"\nbilde_alt = \"A\"\n+++\n",
			},
			want: "prosjekter/p/index.md, linje 5: bildet bilde.png finnes ikke i mappen",
		},
		{
			name: "page both as file and as bundle",
			files: map[string]string{
				"prosjekter/p.md":       "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
				"prosjekter/p/index.md": "+++\ntitle = \"P\"\naar = 2031\nweight = 1\n+++\n",
			},
			want: "siden finnes to ganger",
		},
		{
			name:  "a bundle index at the top of the tree",
			files: map[string]string{"index.md": "+++\ntitle = \"P\"\n+++\n"},
			want:  "index.md: ukjent fil",
		},
		{
			name:  "date with a time of day",
			files: map[string]string{"partnerskapsmoter/2031.md": "+++\ntitle = \"M\"\ndate = 2031-06-06T10:00:00Z\naar = 2031\n+++\n"},
			want:  "partnerskapsmoter/2031.md, linje 3: ugyldig TOML",
		},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			files := map[string][]byte{}
			for name, data := range s.files {
				files[name] = []byte(data)
			}
			tree, err := content.Parse(files)
			if err == nil {
				t.Fatalf("Parse succeeded with %+v; want an error containing %q", tree, s.want)
			}
			if !strings.Contains(err.Error(), s.want) {
				t.Errorf("Parse error = %q; want it to contain %q", err, s.want)
			}
		})
	}
}
