package content

import (
	"fmt"
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
