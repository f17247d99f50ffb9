package limits

import (
	"github.com/pocketbase/pocketbase/core"
)

// guardRealtime keeps realtime subscriptions to editors. PocketBase checks
// every subscription's rules inside each record save, so a guest's
// thousands of filtered subscriptions would slow every editor's save; the
// public site never subscribes (the preview has its own event stream). A
// guest may still connect, and may clear its subscriptions.
func guardRealtime(app core.App) {
	app.OnRealtimeSubscribeRequest().BindFunc(func(e *core.RealtimeSubscribeRequestEvent) error {
		if len(e.Subscriptions) > 0 && !e.HasSuperuserAuth() {
			return e.ForbiddenError("Sanntidsabonnement er bare for redaktører.", nil)
		}
		return e.Next()
	})
}
