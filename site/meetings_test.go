package site_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/content/contenttest"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

// TestMeetingStates: the next partnership meeting is the first planned one
// whose day has not passed; a cancelled one is never next; a meeting whose
// day has passed says whether it was held, or plainly that nobody has
// recorded it; and the home page's last meeting is one whose day has passed.
func TestMeetingStates(t *testing.T) {
	date := func(y int) content.Date { return content.NewDate(time.Date(y, time.June, 5, 0, 0, 0, 0, time.UTC)) }
	meeting := func(y int, state, outcome string) content.Meeting {
		return content.Meeting{Title: "Møtet " + string(rune('A'+y-2030)), Year: y, Date: date(y), State: state, Outcome: outcome}
	}
	tree := contenttest.EdgeCases()
	tree.Meetings = []content.Meeting{
		meeting(2030, content.MeetingHeld, "Vi ble enige om «tre» ting."),
		meeting(2031, "", ""), // passed, nothing recorded
		meeting(2032, content.MeetingCancelled, "Avlyst på grunn av streik."),
		meeting(2033, content.MeetingPlanned, ""),
	}
	dir := writeTree(t, tree)
	for _, c := range []struct {
		name       string
		now        time.Time
		next, last string // the home page's
	}{
		{"before the cancelled meeting", time.Date(2032, time.January, 10, 12, 0, 0, 0, content.Zone),
			"Neste partnerskapsmøte Møtet D: 5. juni 2033.", ""},
		{"after the planned meeting, nothing recorded", content.MeetingOver(date(2033)),
			"Datoen for neste partnerskapsmøte er ikke fastsatt ennå.",
			"Siste partnerskapsmøte: Møtet D, 5. juni 2033. Datoen er passert, men det er ikke registrert om møtet ble gjennomført."},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			if _, err := site.Build(context.Background(), site.Options{ContentDir: dir, OutDir: out, Clock: at(c.now)}); err != nil {
				t.Fatal(err)
			}
			home := page(t, out, "")
			if !strings.Contains(home, c.next) || !strings.Contains(home, c.last) {
				t.Errorf("home page does not say %q and %q:\n%s", c.next, c.last, home)
			}
			if strings.Contains(home, "Neste partnerskapsmøte Møtet C") {
				t.Errorf("home page names the cancelled meeting as the next:\n%s", home)
			}
			list := page(t, out, "partnerskapsmoter")
			for _, want := range []string{
				"Møtet A 5. juni 2030. Gjennomført",
				"Møtet B 5. juni 2031. Datoen er passert, men det er ikke registrert om møtet ble gjennomført.",
				"Møtet C 5. juni 2032. Avlyst",
			} {
				if !strings.Contains(list, want) {
					t.Errorf("meetings page does not say %q:\n%s", want, list)
				}
			}
			for path, want := range map[string]string{
				"partnerskapsmoter/2030": "Status Gjennomført Dato 5. juni 2030 Hva møtet kom fram til Vi ble enige om «tre» ting.",
				"partnerskapsmoter/2032": "Status Avlyst Dato 5. juni 2032 Hvorfor møtet ble avlyst Avlyst på grunn av streik.",
			} {
				if got := page(t, out, path); !strings.Contains(got, want) {
					t.Errorf("%s does not say %q:\n%s", path, want, got)
				}
			}
		})
	}
}
