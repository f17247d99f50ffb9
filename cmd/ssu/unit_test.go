package main_test

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSystemdUnit holds deploy/ssu.service to the binary: its command line
// is `ssu serve` with flags that `ssu serve` accepts, each with a value,
// and the unit runs as its own user, restarts on failure and keeps
// pb_data in its state directory.
func TestSystemdUnit(t *testing.T) {
	unit := readUnit(t)
	if len(unit["ExecStart"]) != 1 {
		t.Fatalf("ExecStart %q; want one", unit["ExecStart"])
	}
	args := strings.Fields(unit["ExecStart"][0])
	if len(args) < 2 || !strings.HasSuffix(args[0], "/ssu") || args[1] != "serve" {
		t.Fatalf("ExecStart %q; want the ssu binary's serve", unit["ExecStart"][0])
	}

	help, err := exec.Command(ssu, "serve", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("ssu serve --help: %v\n%s", err, help)
	}
	accepted := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\s+(?:-\w, )?--(\w+)( \w+)?`).FindAllStringSubmatch(string(help), -1) {
		accepted[m[1]] = m[2] != "" // whether it takes a value
	}
	flags := map[string]string{}
	for i := 2; i < len(args); i++ {
		name, ok := strings.CutPrefix(args[i], "--")
		if !ok {
			t.Errorf("ExecStart has %q where a flag belongs", args[i])
			continue
		}
		takesValue, known := accepted[name]
		if !known {
			t.Errorf("ExecStart uses --%s, which ssu serve does not accept (it accepts %v)", name, accepted)
			continue
		}
		if takesValue {
			if i+1 >= len(args) || strings.HasPrefix(args[i+1], "--") {
				t.Errorf("--%s has no value", name)
				continue
			}
			i++
			flags[name] = args[i]
		}
	}
	if !strings.HasPrefix(flags["dir"], "/var/lib/ssu/") {
		t.Errorf("--dir %q; want pb_data under the state directory /var/lib/ssu", flags["dir"])
	}
	if !strings.HasPrefix(flags["http"], "127.0.0.1:") {
		t.Errorf("--http %q; want loopback only, behind the reverse proxy", flags["http"])
	}
	for key, want := range map[string]string{"User": "ssu", "Restart": "on-failure", "StateDirectory": "ssu"} {
		if !slices.Contains(unit[key], want) {
			t.Errorf("%s=%q; want %q", key, unit[key], want)
		}
	}
}

// readUnit reads deploy/ssu.service: each key's values, in order.
func readUnit(t testing.TB) map[string][]string {
	f, err := os.Open("../../deploy/ssu.service")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	unit := map[string][]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if key, value, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			unit[key] = append(unit[key], value)
		}
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return unit
}

// unitEnvironment is the value the unit gives the environment variable
// name, as systemd's Environment=NAME=value lines do.
func unitEnvironment(t testing.TB, name string) string {
	for _, line := range readUnit(t)["Environment"] {
		if value, ok := strings.CutPrefix(line, name+"="); ok {
			return value
		}
	}
	t.Fatalf("deploy/ssu.service sets no %s", name)
	return ""
}
