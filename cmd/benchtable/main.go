// Command benchtable runs the scale benchmarks (go test -bench) and prints
// one Markdown table of the results beside the targets of the performance
// issue. Run it from the repository root on a quiet machine:
//
//	go run ./cmd/benchtable > /tmp/bench.md
//
// The benchmarks' own output goes to standard error as they run.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
)

// suite is one go test -bench run.
type suite struct {
	pkg, pattern, benchtime string
}

var suites = []suite{
	{"./pocketbase/records/", "^Benchmark(Import|Export)$", ""},
	{"./cmd/ssu/", "^BenchmarkBuild$", ""},
	{"./pocketbase/preview/", "^BenchmarkPreviewEdit$", "5x"},
	{"./cmd/ssu/", "^BenchmarkSearch$", "1x"},
	{"./cmd/ssu/", "^BenchmarkDeploy$", "3x"},
}

// row is a line of the table: a metric of a benchmark at every size.
type row struct {
	what, bench, unit, target string
	scale                     float64 // the metric is multiplied by it
	format                    string
}

var rows = []row{
	{"import of the whole archive (s)", "Import", "ns/op", "", 1e-9, "%.2f"},
	{"export after an edit (s)", "Export", "ns/op", "10k ≤ 1", 1e-9, "%.2f"},
	{"records", "Export", "records", "", 1, "%.0f"},
	{"`ssu build` from the database (s)", "Build", "ssu-s", "10k ≤ 15", 1, "%.1f"},
	{"plain `hugo` on the same content (s)", "Build", "hugo-s", "", 1, "%.1f"},
	{"`ssu build` / `hugo`", "Build", "ssu/hugo", "≤ 1.1", 1, "%.2f"},
	{"peak RSS of `ssu build` (MiB)", "Build", "ssu-peak-MiB", "10k ≤ 1536", 1, "%.0f"},
	{"peak RSS of `hugo` (MiB)", "Build", "hugo-peak-MiB", "", 1, "%.0f"},
	{"pages built", "Build", "pages", "", 1, "%.0f"},
	{"preview visible after one edit, p50 (ms)", "PreviewEdit", "p50-ms", "seed ≤ 100, 10k ≤ 500", 1, "%.0f"},
	{"preview visible after one edit, p95 (ms)", "PreviewEdit", "p95-ms", "", 1, "%.0f"},
	{"whole preview (lists, sitemap, data) after one edit, p50 (ms)", "PreviewEdit", "complete-p50-ms", "", 1, "%.0f"},
	{"`ssu build --search` (s)", "Search", "build-s", "", 1, "%.1f"},
	{"Pagefind index on disk (KiB)", "Search", "index-KiB", "", 1, "%.0f"},
	{"first Pagefind query transfer (KiB)", "Search", "first-query-KiB", "10k ≤ 293 (300 KB)", 1, "%.0f"},
	{"requests of the first query", "Search", "first-query-requests", "", 1, "%.0f"},
	{"save → new page served by the fake Netlify, after the quiet period (s)", "Deploy", "save-s", "seed ≤ 5, 10k ≤ 20", 1, "%.1f"},
	{"files uploaded for a one-section edit", "Deploy", "uploaded-files", "seed ≤ 20, 10k ≤ 40", 1, "%.0f"},
	{"peak memory of `ssu serve` while deploying, preview resting (MiB)", "Deploy", "serve-peak-MiB", "seed ≤ 300, 10k ≤ 1536", 1, "%.0f"},
	{"save → served, with an editor's preview open (s)", "Deploy", "open-save-s", "", 1, "%.1f"},
	{"peak memory of `ssu serve` while deploying, preview open (MiB)", "Deploy", "open-serve-peak-MiB", "", 1, "%.0f"},
}

var sizes = []string{"seed", "1k", "10k"}

func main() {
	benchtime := flag.String("benchtime", "3x", "go test -benchtime for the suites that set none")
	flag.Parse()
	results := map[string]float64{} // bench/size unit → value
	var skipped []string            // why a benchmark measured nothing
	for _, s := range suites {
		bt := s.benchtime
		if bt == "" {
			bt = *benchtime
		}
		if err := runSuite(s, bt, results, &skipped); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
	}
	printTable(os.Stdout, results)
	for _, s := range skipped {
		fmt.Fprintln(os.Stdout, "\nNot measured: "+s)
	}
}

// resultLine is a benchmark result: name, iterations, then value-unit pairs.
var resultLine = regexp.MustCompile(`^Benchmark(\w+)/(\w+)-\d+\s+\d+\s+(.*)$`)

// skipLine ends a skipped benchmark; the log line before it says why.
var skipLine = regexp.MustCompile(`^\s*--- SKIP: (Benchmark\S+)`)

func runSuite(s suite, benchtime string, results map[string]float64, skipped *[]string) error {
	// -v, for the reason a benchmark skips.
	cmd := exec.Command("go", "test", "-v", "-run", "^$", "-bench", s.pattern, "-benchtime", benchtime, "-timeout", "60m", s.pkg)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	parse(stdout, os.Stderr, results, skipped)
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("go test -bench %s %s: %w", s.pattern, s.pkg, err)
	}
	return nil
}

// parse reads go test -v -bench output, copying it to echo: the results
// into results, and for each skipped benchmark its name and the reason it
// logged into skipped.
func parse(r io.Reader, echo io.Writer, results map[string]float64, skipped *[]string) {
	lines := bufio.NewScanner(r)
	logged := "" // the benchmark's last log line
	for lines.Scan() {
		line := lines.Text()
		fmt.Fprintln(echo, line)
		if m := skipLine.FindStringSubmatch(line); m != nil {
			*skipped = append(*skipped, m[1]+": "+logged)
			continue
		}
		if strings.HasPrefix(line, "    ") {
			logged = strings.TrimSpace(line)
		}
		m := resultLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		fields := strings.Fields(m[3])
		for i := 0; i+1 < len(fields); i += 2 {
			v, err := strconv.ParseFloat(fields[i], 64)
			if err == nil {
				results[m[1]+"/"+m[2]+" "+fields[i+1]] = v
			}
		}
	}
}

func printTable(w io.Writer, results map[string]float64) {
	fmt.Fprintln(w, "| what | target | seed | 1k | 10k |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: |")
	for _, r := range rows {
		cells := []string{r.what, r.target}
		for _, size := range sizes {
			v, ok := results[r.bench+"/"+size+" "+r.unit]
			if !ok {
				cells = append(cells, "–")
				continue
			}
			cells = append(cells, fmt.Sprintf(r.format, v*r.scale))
		}
		fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
	}
}
