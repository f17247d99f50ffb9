package main

import (
	"fmt"

	"github.com/pocketbase/pocketbase"
	"github.com/spf13/cobra"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content/synth"
)

// generateCommand makes a synthetic archive for measuring the system at
// scale. It writes the content tree and loads it with the importer, the
// same path real content takes.
func generateCommand(app *pocketbase.PocketBase, contentDir *string) *cobra.Command {
	var years, first int
	var noImport bool
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Write a synthetic archive of N years (about 200 pages a year) into the content directory and import it",
		Args:  cobra.NoArgs,
		RunE: run(func(cmd *cobra.Command) error {
			tree := synth.Tree(first, years)
			if err := tree.Write(*contentDir); err != nil {
				return fmt.Errorf("write the synthetic content: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Skrev %d år (%d sider) til %s\n", years, years*synth.PagesPerYear, *contentDir)
			if noImport {
				return nil
			}
			summary, err := importContent(app, *contentDir)
			if err != nil {
				return err
			}
			fmt.Fprint(cmd.OutOrStdout(), summary)
			return nil
		}),
	}
	cmd.Flags().IntVar(&years, "years", 50, "how many years of reports")
	cmd.Flags().IntVar(&first, "first", 2000, "the first year")
	cmd.Flags().BoolVar(&noImport, "no-import", false, "only write the content tree")
	return cmd
}
