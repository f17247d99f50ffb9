package site

import (
	"time"
	_ "time/tzdata" // Europe/Oslo on a machine without a zone database

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// Zone is where the site's days begin and end: "today" on the site is
// today in Norway, wherever and whenever it is built. The build's clock
// (Options.Clock) shows this zone's time to the templates.
var Zone = mustLoadLocation("Europe/Oslo")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// today is the date in Zone at now; the templates' today partial is the
// same date, and a partnership meeting on or after it is upcoming.
func today(now time.Time) string { return now.In(Zone).Format(time.DateOnly) }

// MeetingOver is the moment a partnership meeting held on date stops
// being upcoming (the next meeting on the home page) and becomes a past
// one: the start of the day after it in Zone. A site built before then
// shows it as upcoming, one built from then on as past.
func MeetingOver(date content.Date) time.Time {
	y, m, d := date.Time().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Zone)
}
