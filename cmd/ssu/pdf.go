package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/internal/pdf"
	"github.com/helsefellesskap-vest-viken/ssu/internal/sitecheck"
)

// reportPDFs prints the page of every report in the site built in outDir
// to a tagged PDF and keeps it beside the report in contentDir, where the
// next build finds it. It returns false when there is nothing new for the
// site: no Chromium (said in one line), or every PDF as it was.
func reportPDFs(ctx context.Context, contentDir, outDir string, w io.Writer) (bool, error) {
	printer, err := pdf.New(outDir, sitecheck.FindToolsDir("."))
	if err != nil {
		fmt.Fprintf(w, "Lager ikke PDF av rapportene: %v\n", err)
		return false, nil
	}
	tree, err := content.Read(contentDir)
	if err != nil {
		return false, fmt.Errorf("read %s for the report PDFs: %w", contentDir, err)
	}
	paths := make([]string, len(tree.Reports))
	for i, r := range tree.Reports {
		paths[i] = r.Location().URL
	}
	docs, err := printer.Print(ctx, paths)
	if err != nil {
		return false, err
	}
	sizes := make([]string, len(docs))
	for i := range tree.Reports {
		tree.Reports[i].DocumentData = docs[i]
		sizes[i] = fmt.Sprintf("%d: %d kB", tree.Reports[i].Year, (len(docs[i])+999)/1000)
	}
	changes, err := tree.Update(contentDir)
	if err != nil {
		return false, fmt.Errorf("keep the report PDFs in %s: %w", contentDir, err)
	}
	fmt.Fprintf(w, "Lagde PDF av %d rapporter (%s)\n", len(docs), strings.Join(sizes, ", "))
	return len(changes.Created)+len(changes.Written) > 0, nil
}
