package migrations

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The parts of an annual report an editor may fill in, after the report's
// text: the leader's foreword and name, the key messages (one a line), the
// day SSU adopted the report, and where the partnership meeting and the
// committees' status stand among its sections. All optional: the seed reports say
// nothing of them.
func init() {
	m.Register(func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("arsrapporter")
		if err != nil {
			return err
		}
		at := len(c.Fields)
		for i, f := range c.Fields {
			if f.GetName() == "tekst" {
				at = i + 1
			}
		}
		c.Fields.AddAt(at,
			text("forord", "Valgfritt: «Leder har ordet», lederens forord. Ren tekst; en tom linje gir nytt avsnitt.", 10_000, false),
			text("forord_av", "Valgfritt: navnet på lederen som skrev forordet.", 300, false),
			text("hovedbudskap", "Valgfritt: rapportens hovedbudskap, 3–5 punkter, ett per linje.", 2000, false),
			&core.DateField{Name: "vedtatt", Help: "Valgfritt: dagen rapporten ble vedtatt i SSU."},
			integer("moete_etter", "Valgfritt: partnerskapsmøtet står etter rapportdelen med dette nummeret i rekkefølgen (rekkefolge), som i rapporten. Tomt: etter alle delene.", 0, 1000, false),
			integer("utvalg_etter", "Valgfritt: status for de faglige samarbeidsutvalgene står etter rapportdelen med dette nummeret i rekkefølgen. Tomt: etter alle delene.", 0, 1000, false),
		)
		if err := app.Save(c); err != nil {
			return fmt.Errorf("add the report's parts to arsrapporter: %w", err)
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("arsrapporter")
		if err != nil {
			return err
		}
		for _, name := range []string{"forord", "forord_av", "hovedbudskap", "vedtatt", "moete_etter", "utvalg_etter"} {
			c.Fields.RemoveByName(name)
		}
		return app.Save(c)
	})
}
