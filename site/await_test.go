package site

import (
	"errors"
	"testing"
	"time"
)

// TestAwait: a build is awaited until it ends, unless Hugo stopped it and
// it has not ended a while later, or it went past its limit.
func TestAwait(t *testing.T) {
	failed := errors.New("render failed")
	closed := make(chan bool)
	close(closed)
	for _, tc := range []struct {
		name    string
		result  error // what the build returns; nil with never
		never   bool  // the build does not end
		stopped chan bool
		limit   time.Duration
		want    error
	}{
		{name: "ends", result: failed, want: failed},
		{name: "succeeds", want: nil},
		{name: "stopped, then ends", result: failed, stopped: closed, want: failed},
		{name: "stopped, hangs", never: true, stopped: closed, want: errHung},
		{name: "past its limit", never: true, limit: 10 * time.Millisecond, want: errHung},
		{name: "within its limit", result: failed, limit: time.Minute, want: failed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			built := make(chan error, 1)
			if !tc.never {
				built <- tc.result
			}
			got := await(built, tc.stopped, 10*time.Millisecond, tc.limit)
			if !errors.Is(got, tc.want) || (tc.want == nil) != (got == nil) {
				t.Errorf("await = %v; want %v", got, tc.want)
			}
		})
	}
}
