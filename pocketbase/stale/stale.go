// Package stale refuses a save that is based on a version of a record that
// someone else has changed since, so that two editors never overwrite each
// other without knowing. The admin sends the record's "updated" time as it
// was when the editor opened it; a save whose time is not the stored one
// is refused with a Norwegian message saying who changed the record and
// when, and the refused values are sent back, so nothing is lost. A save
// that sends no "updated" (a script, the importer) is not checked.
package stale

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// baseKey is where a request keeps the "updated" time it was sent.
const baseKey = "ssu_stale_base"

// Register checks every update of a content record through the API.
func Register(app core.App) {
	// PocketBase replaces the sent "updated" with its own value before the
	// record hooks run, so it is read first, as it came.
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			if e.Request.Method == http.MethodPatch && strings.HasPrefix(e.Request.URL.Path, "/api/collections/") {
				if info, err := e.RequestInfo(); err == nil {
					if raw, ok := info.Body["updated"]; ok {
						e.Set(baseKey, raw)
					}
				}
			}
			return e.Next()
		})
		return se.Next()
	})
	app.OnRecordUpdateRequest(schema.Content...).BindFunc(func(e *core.RecordRequestEvent) error {
		raw := e.Get(baseKey)
		if raw == nil || raw == "" {
			return e.Next()
		}
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		base, err := types.ParseDateTime(raw)
		if err != nil {
			return e.BadRequestError("Feltet «updated» er ikke et tidspunkt.", err)
		}
		// The check and the save in one transaction: no other save can come
		// between them.
		var conflict map[string]any
		app := e.App
		defer func() { e.App = app }() // not the finished transaction
		err = app.RunInTransaction(func(tx core.App) error {
			stored, err := tx.FindRecordById(e.Collection, e.Record.Id)
			if err != nil {
				return err
			}
			if stored.GetDateTime("updated").Equal(base) {
				e.App = tx
				return e.Next()
			}
			conflict = map[string]any{
				"status":  http.StatusConflict,
				"message": message(tx, stored),
				"data":    map[string]any{},
				"avvist":  info.Body, // what the editor tried to save
			}
			return nil
		})
		if err != nil {
			return err
		}
		if conflict != nil {
			return e.JSON(http.StatusConflict, conflict)
		}
		return nil
	})
}

// message says who changed the record last and when, from its history.
func message(app core.App, stored *core.Record) string {
	who, when := "en annen", stored.GetDateTime("updated").Time()
	var last []*core.Record
	err := app.RecordQuery(schema.History).
		AndWhere(dbx.HashExp{"samling": stored.Collection().Name, "post": stored.Id}).
		OrderBy("created DESC", "rowid DESC").Limit(1).All(&last)
	if err == nil && len(last) == 1 && last[0].GetString("bruker") != "" {
		who, when = last[0].GetString("bruker"), last[0].GetDateTime("created").Time()
	}
	return fmt.Sprintf("Endringen din er ikke lagret: %s endret denne posten %s, etter at du åpnet den. "+
		"Det du skrev, står fortsatt i skjemaet. Kopier det du vil ta vare på, last siden på nytt og legg det inn igjen "+
		"(gjenopprett ikke utkastet administrasjonen tilbyr: det er den gamle versjonen).",
		who, when.In(content.Zone).Format("02.01.2006 kl. 15.04"))
}
