package records_test

import (
	"strings"
	"testing"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/pbtest"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// TestSlowMarkdownIsRefusedAtSave: a body of 100,000 ">" took the build
// 81 s; it is refused when saved, in Norwegian, under the body field.
func TestSlowMarkdownIsRefusedAtSave(t *testing.T) {
	app := pbtest.NewApp(t)
	for _, body := range []string{strings.Repeat(">", 100_000), strings.Repeat("[a](", 25_000)} {
		r := newProject(t, app, "Tung tekst", "tung-tekst")
		r.Set(schema.FieldBody, body)
		err := app.Save(r)
		if err == nil || !strings.Contains(err.Error(), schema.FieldBody) || !strings.Contains(err.Error(), "for tung å lage") {
			t.Errorf("saving a body of %.8q…: %v; want it refused under %s", body, err, schema.FieldBody)
		}
	}
}
