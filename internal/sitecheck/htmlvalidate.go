package sitecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
)

// checkHTML runs html-validate over every HTML file of the site with the
// repository's configuration and reports each message it gives.
func checkHTML(ctx context.Context, s *builtSite, t tools) Result {
	res := Result{Title: "HTML validity (html-validate)", Noun: "HTML errors"}
	if why := t.missing(false, "html-validate"); why != "" {
		return t.unavailable(res, why)
	}
	config := filepath.Join(t.root, HTMLValidateConfig)
	if _, err := os.Stat(config); err != nil {
		return t.unavailable(res, fmt.Sprintf("no html-validate configuration: %v", err))
	}
	if len(s.pages) == 0 {
		return res
	}
	dir, err := filepath.Abs(s.dir)
	if err != nil {
		res.Err = err
		return res
	}

	// The report goes to a file: html-validate exits as soon as it has
	// written it, and Node cuts short what it wrote to a pipe.
	tmp, err := os.MkdirTemp("", "ssu-html-validate-")
	if err != nil {
		res.Err = fmt.Errorf("html-validate: %w", err)
		return res
	}
	defer os.RemoveAll(tmp)
	report := filepath.Join(tmp, "report.json")
	args := []string{
		filepath.Join(t.module("html-validate"), "bin", "html-validate.mjs"),
		"--config", config, "--formatter", "json=" + report, "--ext", "html", dir,
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, t.node, args...)
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	runErr := cmd.Run() // exits 1 when it finds errors; the report tells
	data, err := os.ReadFile(report)
	if err != nil {
		res.Err = fmt.Errorf("html-validate gave no report (%v): %v\n%s", runErr, err, lastLines(stderr.String(), 20))
		return res
	}

	var files []struct {
		FilePath string `json:"filePath"`
		Messages []struct {
			RuleID   string `json:"ruleId"`
			Severity int    `json:"severity"`
			Message  string `json:"message"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(data, &files); err != nil {
		res.Err = fmt.Errorf("html-validate gave no report (%v): %v\n%s", runErr, err, lastLines(stderr.String(), 20))
		return res
	}
	for _, f := range files {
		rel, err := filepath.Rel(dir, f.FilePath)
		if err != nil {
			rel = f.FilePath
		}
		for _, m := range f.Messages {
			kind := "error"
			if m.Severity < 2 {
				kind = "warning"
			}
			res.Problems = append(res.Problems, Problem{
				File:    filepath.ToSlash(rel),
				Line:    m.Line,
				Message: fmt.Sprintf("%s (%s %s, column %d)", m.Message, kind, m.RuleID, m.Column),
			})
		}
	}
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].File < res.Problems[j].File })
	return res
}
