package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// MinPasswordLength is the shortest password an editor (superuser) or a
// users record may have: long passphrases rather than short complex ones.
const MinPasswordLength = 12

// Rate limits per IP address for whoever is not signed in as an editor
// (PocketBase never limits superusers), and a password policy.
func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		settings.RateLimits.Enabled = true
		settings.RateLimits.Rules = []core.RateLimitRule{
			// Password guessing: ten sign-in attempts a minute, in the admin,
			// the API and the preview.
			{Label: "*:auth", MaxRequests: 10, Duration: 60},
			{Label: "POST /forhandsvisning/logg-inn", MaxRequests: 10, Duration: 60},
			// Everything else a visitor can ask for.
			{Label: "*:create", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 20, Duration: 5},
			{Label: "/api/", Audience: core.RateLimitRuleAudienceGuest, MaxRequests: 300, Duration: 10},
		}
		if err := app.Save(settings); err != nil {
			return err
		}
		for _, name := range []string{core.CollectionNameSuperusers, "users"} {
			c, err := app.FindCollectionByNameOrId(name)
			if err != nil {
				return err
			}
			if pw, ok := c.Fields.GetByName(core.FieldNamePassword).(*core.PasswordField); ok {
				pw.Min = MinPasswordLength
			}
			if err := app.Save(c); err != nil {
				return err
			}
		}
		return nil
	}, nil)
}
