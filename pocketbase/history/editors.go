package history

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Editors are the editors who changed content after since and up to
// until, each once, in the order of their first change; changes by the
// System are not counted.
func Editors(app core.App, since, until time.Time) ([]string, error) {
	after, err := types.ParseDateTime(since)
	if err != nil {
		return nil, err
	}
	upTo, err := types.ParseDateTime(until)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Who string `db:"bruker"`
	}
	err = app.RecordQuery(schema.History).Select("bruker").
		AndWhere(dbx.NewExp("created > {:since} AND created <= {:until}", dbx.Params{"since": after.String(), "until": upTo.String()})).
		AndWhere(dbx.Not(dbx.HashExp{"bruker": System})).
		GroupBy("bruker").OrderBy("MIN(created)", "MIN(rowid)").All(&rows)
	if err != nil {
		return nil, fmt.Errorf("editors since %s: %w", since, err)
	}
	editors := make([]string, len(rows))
	for i, r := range rows {
		editors[i] = r.Who
	}
	return editors, nil
}
