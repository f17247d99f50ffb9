package content

import (
	"fmt"
	"strings"
	"time"
)

// Date is a calendar date without a time of day, written in TOML as a local
// date (2025-06-06) so that Hugo reads it as a date.
type Date struct {
	t time.Time // midnight UTC; the zero Time means no date
}

const dateLayout = "2006-01-02"

// NewDate returns the date of t as seen in UTC.
func NewDate(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	y, m, d := t.UTC().Date()
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDate reads a date written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("«%s» er ikke en dato på formen ÅÅÅÅ-MM-DD", s)
	}
	return Date{t}, nil
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return d.t }

func (d Date) IsZero() bool { return d.t.IsZero() }

func (d Date) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// MarshalTOML writes the date as a bare TOML local date.
func (d Date) MarshalTOML() ([]byte, error) {
	if d.t.IsZero() {
		return nil, fmt.Errorf("tom dato kan ikke skrives")
	}
	return []byte(d.String()), nil
}

// UnmarshalTOML accepts a TOML local date; a date-time with a clock is
// refused so that no time of day is silently lost.
func (d *Date) UnmarshalTOML(v any) error {
	t, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("ventet en dato (ÅÅÅÅ-MM-DD), fikk %T", v)
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return fmt.Errorf("ventet en dato uten klokkeslett, fikk %s", t.Format(time.RFC3339))
	}
	y, m, day := t.Date()
	d.t = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return nil
}

// Stamp is a moment to the second, written in Norwegian time (Zone) as a
// TOML date-time with its offset (2025-06-06T14:03:00+02:00): when the CMS
// first published a page, or last changed it.
type Stamp struct {
	t time.Time // in Zone; the zero Time means none
}

// NewStamp returns t to the second, in Zone.
func NewStamp(t time.Time) Stamp {
	if t.IsZero() {
		return Stamp{}
	}
	return Stamp{t.Truncate(time.Second).In(Zone)}
}

// Time returns the moment in Zone.
func (s Stamp) Time() time.Time { return s.t }

func (s Stamp) IsZero() bool { return s.t.IsZero() }

func (s Stamp) String() string {
	if s.t.IsZero() {
		return ""
	}
	return s.t.Format(time.RFC3339)
}

// MarshalTOML writes the moment as a bare TOML offset date-time.
func (s Stamp) MarshalTOML() ([]byte, error) {
	if s.t.IsZero() {
		return nil, fmt.Errorf("tomt tidspunkt kan ikke skrives")
	}
	return []byte(s.String()), nil
}

// UnmarshalTOML accepts a TOML date-time with an offset; one without (a
// local date-time or a date) is refused, since it names no moment.
func (s *Stamp) UnmarshalTOML(v any) error {
	t, ok := v.(time.Time)
	if !ok {
		return fmt.Errorf("ventet et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm:ss+01:00), fikk %T", v)
	}
	// The TOML decoder gives a date-time without an offset a zone named
	// "datetime-local" (and a date "date-local").
	if name := t.Location().String(); strings.HasSuffix(name, "-local") {
		return fmt.Errorf("tidspunktet %s mangler tidssone (+01:00 eller +02:00)", t.Format("2006-01-02T15:04:05"))
	}
	// A moment the site has no year for cannot be written back either:
	// year 0 at +01:00 is year -1 in Norwegian time, which TOML has not.
	if y := t.In(Zone).Year(); y < MinYear || y > MaxYear {
		return fmt.Errorf("tidspunktet %s er ikke mellom år %d og %d", t.Format(time.RFC3339), MinYear, MaxYear)
	}
	*s = NewStamp(t)
	return nil
}
