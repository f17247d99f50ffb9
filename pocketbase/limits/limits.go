// Package limits caps what a request may cost the server: the size of
// request bodies apart from uploaded files (PocketBase's own cap is 32 MB
// plus the file fields' sizes on record routes; a JSON body of an editor's
// record is far smaller), and realtime subscriptions, kept to editors.
package limits

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// MaxJSONBody is the largest request body without files: a record's longest
// text (100,000 characters) in UTF-8 with room to spare. In a multipart
// request it caps the fields that are not files.
const MaxJSONBody = 1 << 20

// tooLarge is the answer to a body over the cap.
var tooLarge = router.NewApiError(http.StatusRequestEntityTooLarge, "Forespørselen er for stor.", nil)

// Register applies the cap to every request, and keeps realtime
// subscriptions to editors.
func Register(app core.App) {
	guardRealtime(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(capBody)
		return se.Next()
	})
}

// capBody counts the bytes read, not the declared length: a chunked body
// declares none.
func capBody(e *core.RequestEvent) error {
	if strings.HasPrefix(e.Request.Header.Get("Content-Type"), "multipart/form-data") {
		return capFields(e)
	}
	if e.Request.ContentLength > MaxJSONBody {
		return tooLarge
	}
	e.Request.Body = &cappedBody{ReadCloser: e.Request.Body}
	return e.Next()
}

// capFields parses a multipart body (as PocketBase would, files beyond
// its memory cap on disk) and refuses it when its fields other than files
// are over the cap.
func capFields(e *core.RequestEvent) error {
	if err := e.Request.ParseMultipartForm(router.DefaultMaxMemory); err != nil {
		var apiErr *router.ApiError
		if errors.As(err, &apiErr) {
			return apiErr
		}
		return e.BadRequestError("Skjemaet kunne ikke leses.", err)
	}
	size := 0
	for name, values := range e.Request.MultipartForm.Value {
		size += len(name)
		for _, v := range values {
			size += len(v)
		}
	}
	if size > MaxJSONBody {
		return tooLarge
	}
	return e.Next()
}

// cappedBody fails a read past MaxJSONBody bytes. PocketBase may read a
// body again (router.Rereader, rewound at the end or by Reread): each
// reading counts from the start.
type cappedBody struct {
	io.ReadCloser
	read int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read += int64(n)
	if b.read > MaxJSONBody {
		return n, tooLarge
	}
	if err == io.EOF {
		b.read = 0
	}
	return n, err
}

func (b *cappedBody) Reread() {
	b.read = 0
	if r, ok := b.ReadCloser.(router.Rereader); ok {
		r.Reread()
	}
}
