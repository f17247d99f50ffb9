package content

import (
	"fmt"
	"path"
)

// Directories under content/ that the exporter owns.
const (
	ReportsDir    = "arsrapporter"
	ProjectsDir   = "prosjekter"
	MeetingsDir   = "partnerskapsmoter"
	CommitteesDir = "faglige-samarbeidsutvalg"
	indexFile     = "_index.md"
	bundleIndex   = "index.md"
)

// PDFName is the file name a report's original PDF gets in its bundle.
func PDFName(year int) string { return fmt.Sprintf("arsrapport-%d.pdf", year) }

// pagePath is where a page is written: dir/key.md, or the leaf bundle
// dir/key/index.md when it has an image.
func pagePath(dir, key string, img Image) string {
	if img.Name == "" {
		return path.Join(dir, key+".md")
	}
	return path.Join(dir, key, bundleIndex)
}
