// Package limits caps what a request may cost the server: the size of
// request bodies that carry no upload (PocketBase's own cap is 32 MB plus
// the file fields' sizes on record routes; a JSON body of an editor's
// record is far smaller), and realtime subscriptions, kept to editors.
package limits

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// MaxJSONBody is the largest request body without files: a record's longest
// text (100,000 characters) in UTF-8 with room to spare.
const MaxJSONBody = 1 << 20

// Register applies the cap to every request that is not a multipart upload,
// and keeps realtime subscriptions to editors.
func Register(app core.App) {
	guardRealtime(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(func(e *core.RequestEvent) error {
			if strings.HasPrefix(e.Request.Header.Get("Content-Type"), "multipart/form-data") {
				return e.Next()
			}
			// The declared length is enough: a body without one (streamed) is
			// still under PocketBase's own 32 MB cap. Wrapping the body instead
			// would break PocketBase's rereading of it.
			if e.Request.ContentLength > MaxJSONBody {
				return e.Error(http.StatusRequestEntityTooLarge, "Forespørselen er for stor.", nil)
			}
			return e.Next()
		})
		return se.Next()
	})
}
