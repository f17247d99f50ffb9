package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
	"github.com/helsefellesskap-vest-viken/ssu/internal/sitecheck"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// siteWords is the word list (ordliste) of the database in --dir, which
// the spelling check accepts; none when there is no database.
func siteWords(app *pocketbase.PocketBase) prose.WordList {
	if !app.IsBootstrapped() {
		if err := app.Bootstrap(); err != nil {
			return nil
		}
	}
	rs, err := app.FindAllRecords(schema.WordList)
	if err != nil {
		return nil
	}
	var words []string
	for _, r := range rs {
		words = append(words, r.GetString("ord"))
	}
	return prose.NewWordList(words)
}

func checkCommand(app *pocketbase.PocketBase) *cobra.Command {
	var opts sitecheck.Options
	var pageKB, cssKB int64
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check a built site: links, alt text, headings, HTML validity, page weight, and axe in Chromium",
		Long: `Check a built site directory and fail with a list of what is wrong.

Broken internal links and anchors, images without alt text, heading
structure and page weight are checked in Go. Spelling (Hunspell nb_NO, apt-get
install hunspell hunspell-no, with the word list of the database in --dir)
and readability (LIX) are shown as information, never a failure. HTML validity (html-validate)
and accessibility (axe-core in Chromium, WCAG 2.1 A and AA) need the npm
tools (npm install) and Chromium (apt-get install chromium); without them those
checks are skipped with a note, unless CI=true, where they must run.`,
		Args: cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command) error {
			start := time.Now()
			opts.PageBudget = pageKB * 1024
			opts.CSSBudget = cssKB * 1024
			opts.RequireTools = os.Getenv("CI") == "true"
			if opts.ToolsDir == "" {
				opts.ToolsDir = sitecheck.FindToolsDir(".")
			}
			opts.Progress = os.Stderr
			opts.Words = siteWords(app)
			report, err := sitecheck.Run(cmd.Context(), opts)
			if err != nil {
				return fmt.Errorf("check %s: %w", opts.SiteDir, err)
			}
			if err := report.Write(cmd.OutOrStdout()); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "sitecheck: checked %s in %s\n", opts.SiteDir, time.Since(start).Round(time.Millisecond))
			if report.Failed() {
				return errors.New("the site did not pass the check")
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&opts.SiteDir, "site", "public", "the built site directory")
	cmd.Flags().StringVar(&opts.BaseURL, "base-url", "/", "the baseURL the site was built with; links to it count as internal")
	cmd.Flags().Int64Var(&pageKB, "page-budget", sitecheck.DefaultPageBudget/1024, "most KB (1024 bytes) a page may weigh gzipped with its CSS and JS")
	cmd.Flags().Int64Var(&cssKB, "css-budget", sitecheck.DefaultCSSBudget/1024, "most KB (1024 bytes) one CSS file may weigh gzipped")
	cmd.Flags().StringVar(&opts.ToolsDir, "tools", "", "the directory with package.json, node_modules and .htmlvalidate.json (default: the nearest one above the working directory)")
	cmd.Flags().StringVar(&opts.Chromium, "chromium", "", "the Chromium to run axe in (default: chromium on PATH)")
	return cmd
}
