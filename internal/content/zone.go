package content

import (
	"time"
	_ "time/tzdata" // Europe/Oslo on a machine without a zone database
)

// Zone is where the site's days begin and end: "today" on the site is
// today in Norway, wherever and whenever it is built.
var Zone = mustLoadLocation("Europe/Oslo")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// MeetingOver is the moment a partnership meeting held on date stops
// being upcoming (the next meeting on the home page) and becomes a past
// one: the start of the day after it in Zone. A site built before then
// shows it as upcoming, one built from then on as past.
func MeetingOver(date Date) time.Time {
	y, m, d := date.Time().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, Zone)
}
