package desk

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/workflow"
)

// The workflow's buttons on the edit panel of a page: «Lag arbeidskopi»,
// «Forkast arbeidskopi», «Klar til godkjenning», «Godkjenn og publiser»
// and «Publiser uten godkjenning». Each answers with a Norwegian message
// (melding), or an error whose message says what to do.

func workflowRoutes(g *router.RouterGroup[*core.RequestEvent], flow *workflow.Flow) {
	g.GET("/arbeidsflyt/{collection}/{id}", func(e *core.RequestEvent) error {
		s, err := workflow.StateOf(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), e.Auth)
		if err != nil {
			return failed(err)
		}
		e.Response.Header().Set("Cache-Control", "no-store")
		return e.JSON(http.StatusOK, s)
	})
	g.POST("/arbeidskopi/{collection}/{id}", func(e *core.RequestEvent) error {
		c, err := flow.Start(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), e.Auth)
		if err != nil {
			return failed(err)
		}
		return e.JSON(http.StatusOK, map[string]string{"id": c.Id,
			"melding": "Arbeidskopien er åpnet. Endre den og lagre så ofte du vil; nettstedet viser den publiserte versjonen til arbeidskopien er godkjent."})
	})
	g.DELETE("/arbeidskopi/{collection}/{id}", func(e *core.RequestEvent) error {
		if err := flow.Discard(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), e.Auth); err != nil {
			return failed(err)
		}
		return e.JSON(http.StatusOK, map[string]string{"melding": "Arbeidskopien er forkastet. Den publiserte versjonen er som før."})
	})
	g.POST("/klar/{collection}/{id}", func(e *core.RequestEvent) error {
		v, err := flow.MarkReady(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), e.Auth)
		if err != nil {
			return failed(err)
		}
		return e.JSON(http.StatusOK, map[string]string{"versjon": v,
			"melding": "Meldt klar til godkjenning. En annen redaktør godkjenner og publiserer. Lagrer du igjen, må den godkjennes på nytt."})
	})
	g.POST("/godkjenn/{collection}/{id}", func(e *core.RequestEvent) error {
		var body struct {
			Version string `json:"versjon"`
		}
		if err := e.BindBody(&body); err != nil {
			return e.BadRequestError("Ugyldig forespørsel.", err)
		}
		msg, err := flow.Approve(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), body.Version, e.Auth)
		if err != nil {
			return failed(err)
		}
		return e.JSON(http.StatusOK, map[string]string{"melding": msg})
	})
	g.POST("/publiser-alene/{collection}/{id}", func(e *core.RequestEvent) error {
		var body struct {
			Version string `json:"versjon"`
			Reason  string `json:"begrunnelse"`
		}
		if err := e.BindBody(&body); err != nil {
			return e.BadRequestError("Ugyldig forespørsel.", err)
		}
		msg, err := flow.PublishAlone(e.App, e.Request.PathValue("collection"), e.Request.PathValue("id"), body.Version, body.Reason, e.Auth)
		if err != nil {
			return failed(err)
		}
		return e.JSON(http.StatusOK, map[string]string{"melding": msg})
	})
}

// failed is the API error of a workflow error: a refusal keeps its status
// and message; anything else is a 500 whose cause goes to the log.
func failed(err error) error {
	status := workflow.StatusOf(err)
	if status == http.StatusInternalServerError {
		return router.NewInternalServerError("Steget kunne ikke fullføres. Prøv igjen; skjer det igjen, si fra.", err)
	}
	return router.NewApiError(status, err.Error(), nil)
}
