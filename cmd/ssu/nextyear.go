package main

import (
	"fmt"
	"strconv"

	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/nextyear"
)

func nextYearCommand(app *pocketbase.PocketBase) *cobra.Command {
	return &cobra.Command{
		Use:   "ny-rapport AAR",
		Short: "Start the report of AAR as drafts from the report of the year before (running it twice makes nothing twice)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(func(cmd *cobra.Command) error {
				year, err := strconv.Atoi(args[0])
				if err != nil || year < 1000 || year > 9999 {
					return fmt.Errorf("«%s» er ikke et årstall; skriv for eksempel ssu ny-rapport 2026", args[0])
				}
				if err := app.RunAllMigrations(); err != nil {
					return fmt.Errorf("run migrations: %w", err)
				}
				res, err := nextyear.Start(app, year)
				if err != nil {
					return err
				}
				fmt.Fprint(cmd.OutOrStdout(), res)
				return nil
			})(cmd, args)
		},
	}
}
