// Command ssu is the SSU publishing system in one binary: the PocketBase
// editing backend with the content model, the exporter and importer of
// Hugo content, and the Hugo build of the public site.
package main

import (
	"log"
	"os"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"

	"github.com/helsefellesskap-vest-viken/ssu/internal/debounce"
	"github.com/helsefellesskap-vest-viken/ssu/internal/sitecheck"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/archive"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/deploy"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/desk"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/documents"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/history"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/limits"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/messages"
	_ "github.com/helsefellesskap-vest-viken/ssu/pocketbase/migrations"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/netlify"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/preview"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schedule"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/stale"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/workflow"
	"github.com/helsefellesskap-vest-viken/ssu/site"
)

func main() {
	// Not pocketbase.New(): under `go run` it turns on dev mode, which logs
	// every SQL statement. `ssu --dev` still does.
	app := pocketbase.NewWithConfig(pocketbase.Config{})
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangGo,
		Dir:          "pocketbase/migrations",
	})
	clock := debounce.System()
	records.RegisterHooks(app, clock.Now)
	limits.Register(app)
	messages.Register(app)
	stale.Register(app)
	keeper := history.Register(app)
	view := preview.Register(app, keeper, clock)
	var notifier *netlify.Notifier
	// Four eyes (SSU_FIRE_OYNE=av turns it off): a publication without
	// approval is named, with its reason, in the publication log.
	flow := workflow.Register(app, keeper, clock.Now, func(reason string) { notifier.Changed(reason) })
	desk.Register(app, desk.Config{SiteURL: siteURL(), Now: clock.Now, Flow: flow})
	// The build hook is a secret: it comes from the environment only.
	publishing := netlify.DefaultConfig(os.Getenv("SSU_NETLIFY_BUILD_HOOK"))
	publishing.Clock = clock
	if quiet, err := time.ParseDuration(os.Getenv("SSU_NETLIFY_QUIET")); err == nil {
		publishing.Quiet = quiet
	}
	// Direct deploys (SSU_NETLIFY_TOKEN and SSU_NETLIFY_SITE, secrets from
	// the environment only) replace the build hook: the server builds the
	// site and deploys it itself, and editors can roll back.
	var deployer *deploy.Deployer
	if cfg := deploy.FromEnv(clock.Now); cfg.Enabled() {
		deployer = deploy.New(app, cfg)
		publishing.Sender = deployer
	}
	// Registered before the notifier, so that on terminate the scheduler
	// stops before the notifier sends what is left.
	schedule.Register(app, clock, func(reason string) {
		view.Changed()
		notifier.Changed(reason)
	})
	notifier = netlify.Register(app, publishing)
	// Every publication is a commit of content/ in pb_data/arkiv.git,
	// pushed to SSU_ARCHIVE_REMOTE when it is set.
	archive.Register(app, archive.FromEnv(clock))
	if deployer != nil {
		view.AllowRollback(func(id, editor string) error { return deployer.Rollback(notifier, id, editor) })
	}
	// The report PDFs are made on the server, where Chromium is, after
	// each publication (SSU_REPORT_PDF=av turns it off); only while
	// serving, and stopped on terminate after the notifier has sent what
	// was left.
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if os.Getenv("SSU_REPORT_PDF") == "av" {
			return se.Next()
		}
		_, err := documents.Register(se.App, documents.Config{
			ToolsDir: sitecheck.FindToolsDir("."),
			BaseURL:  os.Getenv("SSU_SITE_URL"),
			Quiet:    5 * time.Second,
			Clock:    clock,
		})
		if err != nil {
			se.App.Logger().Warn("Lager ikke PDF av årsrapportene: " + err.Error())
		}
		return se.Next()
	})

	contentDir := app.RootCmd.PersistentFlags().String("content", "content", "the Hugo content directory to import from and export to")
	app.RootCmd.PersistentFlags().StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the command to this file (pprof format)")
	seedOnServe(app, contentDir)
	app.RootCmd.AddCommand(
		importCommand(app, contentDir),
		exportCommand(app, contentDir),
		buildCommand(app, contentDir),
		checkCommand(app),
		generateCommand(app, contentDir),
		nextYearCommand(app),
	)

	if err := app.Start(); err != nil {
		log.Fatal(err)
	}
	if failed.Load() {
		os.Exit(1)
	}
}

// siteURL is the public site's address for the admin's "Se publisert
// side": SSU_SITE_URL where the site is served elsewhere than hugo.toml
// says.
func siteURL() string {
	if u := os.Getenv("SSU_SITE_URL"); u != "" {
		return u
	}
	u, err := site.BaseURL()
	if err != nil {
		log.Fatal(err)
	}
	return u
}
