package main_test

import (
	"strings"
	"testing"
)

func TestNextYearCommand(t *testing.T) {
	data := t.TempDir()
	mustRun(t, "import", "--dir", data, "--content", seedContent)

	out := mustRun(t, "ny-rapport", "2026", "--dir", data)
	for _, want := range []string{"Laget 26 utkast for 2026", "Rapportdel «Møteplan for 2027»", "Christoffer Boge (SSU, frem til høsten 2025)", "Partnerskapsmøte 2026"} {
		if !strings.Contains(out, want) {
			t.Errorf("first run lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, "ny-rapport", "2026", "--dir", data)
	if !strings.Contains(out, "Ingenting nytt") {
		t.Errorf("second run does not say it made nothing:\n%s", out)
	}

	// Drafts only: the public export is the seed as it was.
	exported := t.TempDir()
	mustRun(t, "export", "--dir", data, "--content", exported)
	sameAsSeed(t, exported, "export after ny-rapport")

	for _, args := range [][]string{{"ny-rapport", "neste"}, {"ny-rapport", "2031"}} {
		if out, err := run(t, append(args, "--dir", data)...); err == nil {
			t.Errorf("ssu %s succeeded; want it to fail:\n%s", strings.Join(args, " "), out)
		}
	}
}
