package site_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/atomicdir"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// someDay is the clock of the builds whose pages the tests do not judge by
// the date.
func someDay() time.Time { return time.Date(2026, time.March, 2, 12, 0, 0, 0, content.Zone) }

// at is a clock stopped at t, shown in UTC as on a build server: the
// build must see Norwegian time all the same.
func at(t time.Time) func() time.Time { return func() time.Time { return t.UTC() } }

// meeting is the edge-case tree's first partnership meeting, on 6 June
// 2031; a second is planned for 5 June 2032.
func meeting(t *testing.T, tree *content.Tree) content.Meeting {
	t.Helper()
	for _, m := range tree.Meetings {
		if m.Title == "Møte" {
			return m
		}
	}
	t.Fatal("the edge cases have no meeting titled Møte")
	return content.Meeting{}
}

// meetingSides are the two sides of a meeting's end, as the meetings
// page and the home page show them.
var meetingSides = []struct {
	name     string
	offset   time.Duration // from content.MeetingOver
	upcoming bool
	next     string // the home page's next meeting
}{
	{"the last moment of the meeting's day in Norway", -time.Nanosecond, true, "Neste partnerskapsmøte Møte: 6. juni 2031, Union scene, Drammen."},
	{"the day after in Norway, still the meeting's day in UTC", 0, false, "Neste partnerskapsmøte Planlagt: 5. juni 2032."},
}

// checkMeetings checks that the built site shows the 2031 meeting as
// upcoming or past.
func checkMeetings(t *testing.T, out string, upcoming bool, next string) {
	t.Helper()
	list := mainText(t, out, "partnerskapsmoter")
	coming, past, ok := strings.Cut(list, "Tidligere møter")
	if !ok {
		t.Fatalf("meetings page has no past meetings:\n%s", list)
	}
	if upcoming && (!strings.Contains(coming, "Kommende møter Møte 6. juni 2031") || strings.Contains(past, "2031")) {
		t.Errorf("meetings page does not list the 2031 meeting as upcoming:\n%s", list)
	}
	if !upcoming && (strings.Contains(coming, "2031") || !strings.Contains(past, "Møte 6. juni 2031")) {
		t.Errorf("meetings page does not list the 2031 meeting as past:\n%s", list)
	}
	if home := page(t, out, ""); !strings.Contains(home, next) {
		t.Errorf("home page does not say %q:\n%s", next, home)
	}
}

// TestUpcomingMeeting builds the site on both sides of a meeting's end: a
// meeting is upcoming, and the home page's next meeting, through its whole
// day in Norway, and past from the start of the next, as content.MeetingOver
// says.
func TestUpcomingMeeting(t *testing.T) {
	tree := contenttest.EdgeCases()
	dir := writeTree(t, tree)
	over := content.MeetingOver(meeting(t, tree).Date)
	for _, s := range meetingSides {
		t.Run(s.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: at(over.Add(s.offset))}); err != nil {
				t.Fatal(err)
			}
			checkMeetings(t, out, s.upcoming, s.next)
		})
	}
}

// TestIncrementalNewDay: the preview's build, with no content changed, on
// the day after a meeting, shows the meeting as past.
func TestIncrementalNewDay(t *testing.T) {
	tree := contenttest.EdgeCases()
	dir := writeTree(t, tree)
	out := filepath.Join(t.TempDir(), "public")
	now := content.MeetingOver(meeting(t, tree).Date).Add(-time.Nanosecond)
	inc, err := site.NewIncremental(site.Options{ContentDir: dir, OutDir: out, Clock: func() time.Time { return now.UTC() }})
	if err != nil {
		t.Fatal(err)
	}
	defer inc.Close()
	for _, s := range meetingSides {
		now = content.MeetingOver(meeting(t, tree).Date).Add(s.offset)
		whole, err := inc.Build(context.Background(), atomicdir.Changes{})
		if err != nil {
			t.Fatal(err)
		}
		if !whole {
			t.Errorf("%s: built in place; want a whole build on a new day", s.name)
		}
		checkMeetings(t, out, s.upcoming, s.next)
	}
	if whole, err := inc.Build(context.Background(), atomicdir.Changes{}); err != nil || whole {
		t.Errorf("a build later the same day: whole %v, %v; want one in place", whole, err)
	}
}

func TestBuildNeedsClock(t *testing.T) {
	dir := writeTree(t, contenttest.EdgeCases())
	_, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: filepath.Join(t.TempDir(), "public")})
	if err == nil || !strings.Contains(err.Error(), "Clock") {
		t.Errorf("build without a clock: %v; want an error naming Options.Clock", err)
	}
}

// TestOnlyTodayReadsTheClock: the today partial is the one template that
// asks Hugo for the time, so upcoming and past are decided in one place.
func TestOnlyTodayReadsTheClock(t *testing.T) {
	action := regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	comment := regexp.MustCompile(`(?s)/\*.*?\*/`)
	now := regexp.MustCompile(`\bnow\b`)
	found := false
	err := filepath.WalkDir("layouts", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, a := range action.FindAllString(string(data), -1) {
			if !now.MatchString(comment.ReplaceAllString(a, "")) {
				continue
			}
			if filepath.ToSlash(path) != "layouts/_partials/today.html" {
				t.Errorf("%s reads the clock (%s); use the today partial", path, a)
			}
			found = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Error("layouts/_partials/today.html does not read the clock")
	}
}
