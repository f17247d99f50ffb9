package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/remote"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

func importCommand(app *pocketbase.PocketBase, contentDir *string) *cobra.Command {
	return &cobra.Command{
		Use:   "import",
		Short: "Load a content tree into the database (matched by year and slug; running it twice changes nothing)",
		Args:  cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command) error {
			summary, err := importContent(app, *contentDir)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), summary)
			return nil
		}),
	}
}

func exportCommand(app *pocketbase.PocketBase, contentDir *string) *cobra.Command {
	return &cobra.Command{
		Use:   "export",
		Short: "Write the published records as Hugo content, replacing the content directory in one step",
		Args:  cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command) error {
			tree, problems, err := exportContent(app, *contentDir)
			if err != nil {
				return err
			}
			printProblems(cmd, problems)
			fmt.Fprintf(cmd.OutOrStdout(), "Eksporterte %d rapporter, %d prosjekter, %d partnerskapsmøter og %d utvalg til %s\n",
				len(tree.Reports), len(tree.Projects), len(tree.Meetings), len(tree.Committees), *contentDir)
			return nil
		}),
	}
}

func buildCommand(app *pocketbase.PocketBase, contentDir *string) *cobra.Command {
	var outDir, baseURL, from string
	var search, makePDF bool
	cmd := &cobra.Command{
		Use:   "build",
		Short: "Export (from the database, or --from a server) and build the public site with Hugo",
		Args:  cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command) error {
			start := time.Now()
			if err := app.RunAllMigrations(); err != nil {
				return fmt.Errorf("run migrations: %w", err)
			}
			opts := site.Options{ContentDir: *contentDir, OutDir: outDir, BaseURL: baseURL, Search: search, Clock: time.Now}
			var stats site.Stats
			var problems []content.Problem
			switch empty, err := databaseEmpty(app); {
			case err != nil:
				return err
			case from != "":
				tree, left, err := remote.Load(cmd.Context(), from, time.Now())
				if err != nil {
					return fmt.Errorf("kunne ikke hente innholdet fra %s: %w", from, err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Hentet %d rapporter og %d prosjekter fra %s\n", len(tree.Reports), len(tree.Projects), from)
				stats, problems, err = site.BuildTree(cmd.Context(), tree, opts)
				if problems = append(left, problems...); err != nil {
					printProblems(cmd, problems)
					return fmt.Errorf("bygging av nettstedet feilet, %s er uendret: %w", outDir, err)
				}
			case empty:
				fmt.Fprintf(cmd.OutOrStdout(), "Databasen er tom: bygger fra %s\n", *contentDir)
				if stats, err = site.Build(cmd.Context(), opts); err != nil {
					return fmt.Errorf("bygging av nettstedet feilet, %s er uendret: %w", outDir, err)
				}
			default:
				stats, problems, err = exportAndBuild(cmd.Context(), app, opts)
				if err != nil {
					printProblems(cmd, problems)
					return err
				}
			}
			printProblems(cmd, problems)
			if makePDF {
				// The PDFs are printed from the built report pages; a second
				// build links them, with their sizes, from those pages.
				changed, err := reportPDFs(cmd.Context(), *contentDir, outDir, cmd.OutOrStdout())
				if err != nil {
					return fmt.Errorf("PDF av rapportene feilet: %w", err)
				}
				if changed {
					if stats, err = site.Build(cmd.Context(), opts); err != nil {
						return fmt.Errorf("bygging av nettstedet med PDF-ene feilet: %w", err)
					}
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Bygde %d sider (%d filer) til %s på %s\n", stats.Pages, stats.Files, outDir, time.Since(start).Round(time.Millisecond))
			return nil
		}),
	}
	cmd.Flags().StringVar(&outDir, "out", "public", "the directory the site is written to")
	cmd.Flags().StringVar(&baseURL, "baseURL", "", "the site's address, e.g. https://example.org/ (default: the one in site/hugo.toml)")
	cmd.Flags().BoolVar(&search, "search", false, "index the built site for search with Pagefind (needs npm install)")
	cmd.Flags().BoolVar(&makePDF, "pdf", false, "print every report page to a tagged PDF in Chromium (needs npm install), kept beside the report in the content directory and linked from the page")
	cmd.Flags().StringVar(&from, "from", "", "fetch the published content from a running ssu server (its address, e.g. https://cms.example.org) instead of the local database")
	return cmd
}

// failed is set when one of our commands fails. PocketBase's Execute drops
// a command's error, and CI and Netlify need a failed build to exit non-zero.
var failed atomic.Bool

// cpuProfile is the file --cpuprofile names: a pprof CPU profile of the
// command, for performance work.
var cpuProfile string

// run adapts a command body to cobra, recording failure for main.
func run(body func(cmd *cobra.Command) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, _ []string) error {
		cmd.SilenceUsage = true
		if cpuProfile != "" {
			stop, err := startProfile(cpuProfile)
			if err != nil {
				failed.Store(true)
				return err
			}
			defer stop()
		}
		if err := body(cmd); err != nil {
			failed.Store(true)
			return err
		}
		return nil
	}
}

func startProfile(file string) (stop func(), err error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

func importContent(app core.App, dir string) (records.Summary, error) {
	if err := app.RunAllMigrations(); err != nil {
		return nil, fmt.Errorf("run migrations: %w", err)
	}
	tree, err := content.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("importen er avbrutt, ingenting er lagret:\n%w", err)
	}
	summary, err := records.Save(app, tree)
	if err != nil {
		return nil, fmt.Errorf("importen er avbrutt, ingenting er lagret:\n%w", err)
	}
	return summary, nil
}

// exportContent writes what is public now to dir, leaving out (and
// returning) what cannot be published.
func exportContent(app core.App, dir string) (*content.Tree, []content.Problem, error) {
	if err := app.RunAllMigrations(); err != nil {
		return nil, nil, fmt.Errorf("run migrations: %w", err)
	}
	tree, problems, err := records.Load(app, time.Now())
	if err != nil {
		return nil, nil, fmt.Errorf("eksporten er avbrutt, %s er uendret: %w", dir, err)
	}
	if err := tree.Write(dir); err != nil {
		return nil, nil, fmt.Errorf("eksporten er avbrutt, %s er uendret: %w", dir, err)
	}
	return tree, problems, nil
}

// exportAndBuild builds the site from what is public now, leaving out
// (and returning) what cannot be exported or built.
func exportAndBuild(ctx context.Context, app core.App, opts site.Options) (site.Stats, []content.Problem, error) {
	if err := app.RunAllMigrations(); err != nil {
		return site.Stats{}, nil, fmt.Errorf("run migrations: %w", err)
	}
	tree, problems, err := records.Load(app, opts.Clock())
	if err != nil {
		return site.Stats{}, nil, fmt.Errorf("eksporten er avbrutt, %s er uendret: %w", opts.ContentDir, err)
	}
	stats, left, err := site.BuildTree(ctx, tree, opts)
	if problems = append(problems, left...); err != nil {
		return stats, problems, fmt.Errorf("bygging av nettstedet feilet, %s er uendret: %w", opts.OutDir, err)
	}
	return stats, problems, nil
}

// printProblems tells, on stderr, what an export left out or mended.
func printProblems(cmd *cobra.Command, problems []content.Problem) {
	for _, p := range problems {
		fmt.Fprintln(cmd.ErrOrStderr(), p)
	}
}

// databaseEmpty reports whether no report has been stored yet.
func databaseEmpty(app core.App) (bool, error) {
	n, err := app.CountRecords("arsrapporter")
	if err != nil {
		return false, fmt.Errorf("count reports: %w", err)
	}
	return n == 0, nil
}

// seedOnServe imports the content tree when `ssu serve` starts on an empty
// database, and tells how to create the first superuser.
func seedOnServe(app *pocketbase.PocketBase, contentDir *string) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		empty, err := databaseEmpty(se.App)
		if err != nil {
			return err
		}
		if empty {
			if _, err := os.Stat(*contentDir); err == nil {
				summary, err := importContent(se.App, *contentDir)
				if err != nil {
					return err
				}
				abs, _ := filepath.Abs(*contentDir)
				fmt.Printf("Tom database: importerte innholdet fra %s\n%s", abs, summary)
			}
		}
		se.InstallerFunc = printInstaller
		return se.Next()
	})
}

// printInstaller replaces PocketBase's installer, which tries to open a
// browser, with plain instructions: the server often runs headless.
func printInstaller(app core.App, systemSuperuser *core.Record, baseURL string) error {
	token, err := systemSuperuser.NewStaticAuthToken(30 * time.Minute)
	if err != nil {
		return err
	}
	fmt.Printf("\nIngen superbruker ennå. Lag den første på en av disse måtene:\n"+
		"  - åpne %s/_/#/pbinstall/%s (gyldig i 30 minutter), eller\n"+
		"  - kjør: go run ./cmd/ssu superuser upsert EPOST PASSORD\n\n",
		strings.TrimRight(baseURL, "/"), token)
	return nil
}
