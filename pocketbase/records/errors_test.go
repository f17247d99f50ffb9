package records_test

import (
	"strings"
	"testing"
	"time"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
)

// TestImportErrorNamesTheFile: a record the database refuses (here an
// image that does not decode, which only the save hook sees) is reported
// with the file it came from, the leaf bundle of a page with an image.
func TestImportErrorNamesTheFile(t *testing.T) {
	broken := content.Image{Name: content.ImageName(".png"), Alt: "Et bilde", Data: []byte("ikke et bilde")}
	scenarios := []struct {
		name string
		tree *content.Tree
		want string
	}{
		{"project", &content.Tree{Projects: []content.Project{{Slug: "p", Title: "P", Year: 2031, Image: broken}}}, "prosjekter/p/index.md"},
		{"meeting", &content.Tree{Meetings: []content.Meeting{{Title: "M", Year: 2031, Date: content.NewDate(time.Date(2031, time.June, 6, 0, 0, 0, 0, time.UTC)), Image: broken}}}, "partnerskapsmoter/2031/index.md"},
		{"section", &content.Tree{Reports: []content.Report{{Title: "R", Year: 2031, Sections: []content.Section{{Slug: "del", Title: "D", Image: broken}}}}}, "arsrapporter/2031/del/index.md"},
	}
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			_, err := records.Save(pbtest.NewApp(t), s.tree)
			if err == nil || !strings.HasPrefix(err.Error(), s.want+": ") {
				t.Errorf("import error = %v; want it to start with %s", err, s.want)
			}
		})
	}
}
