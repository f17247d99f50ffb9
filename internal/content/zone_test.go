package content_test

import (
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// TestMeetingOver: a meeting is over at the first midnight after its day
// in Norway, in summer and winter time alike.
func TestMeetingOver(t *testing.T) {
	scenarios := []struct {
		date content.Date
		want string // UTC
	}{
		{date(2026, time.June, 5), "2026-06-05T22:00:00Z"},     // summer time, UTC+2
		{date(2026, time.December, 3), "2026-12-03T23:00:00Z"}, // winter time, UTC+1
		{date(2026, time.December, 31), "2026-12-31T23:00:00Z"},
		{date(2026, time.March, 28), "2026-03-28T23:00:00Z"}, // the night summer time begins
	}
	for _, s := range scenarios {
		if got := content.MeetingOver(s.date).UTC().Format(time.RFC3339); got != s.want {
			t.Errorf("MeetingOver(%s) = %s; want %s", s.date, got, s.want)
		}
	}
}

func date(y int, m time.Month, d int) content.Date {
	return content.NewDate(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}
