package prose

import (
	"errors"
	"os"
	"slices"
	"testing"
)

// TestWithoutStdbuf: without stdbuf, or when the running hunspell has
// stopped, each question runs hunspell once and gets the same answer.
func TestWithoutStdbuf(t *testing.T) {
	c, err := NewChecker()
	if errors.Is(err, ErrNoDictionary) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.mu.Lock()
	c.proc.stop() // the process dies under the checker
	c.mu.Unlock()
	if got, err := c.Unknown([]string{"hus", "hussq"}); err != nil || !slices.Equal(got, []string{"hussq"}) {
		t.Errorf("after the process stopped: %q, %v; want [hussq]", got, err)
	}
	c.Close()
	c.stdbuf = ""
	if got, err := c.Unknown([]string{"bil", "bilqq"}); err != nil || !slices.Equal(got, []string{"bilqq"}) {
		t.Errorf("without stdbuf: %q, %v; want [bilqq]", got, err)
	}
	if c.proc != nil {
		t.Errorf("a process runs without stdbuf")
	}
}
