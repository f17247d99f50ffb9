package site

import (
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// today is the date in content.Zone at now; the templates' today partial
// is the same date, and a partnership meeting on or after it is upcoming
// (until content.MeetingOver).
func today(now time.Time) string { return now.In(content.Zone).Format(time.DateOnly) }
