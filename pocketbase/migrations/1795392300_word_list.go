package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The site's own word list: names, abbreviations and terms the Norwegian
// dictionary lacks, which the spelling check of the desk and of
// `ssu check` accepts. Editors only. It starts with the words of the seed
// reports and of the site's own pages that the dictionary does not know.
func init() {
	m.Register(func(app core.App) error {
		c := core.NewBaseCollection("ordliste", id("ordliste"))
		c.Fields.Add(
			&core.TextField{Name: "ord", Help: "Ordet slik det skrives, for eksempel «Bufetat». Små og store bokstaver: «fact» godtar også «FACT» og «Fact»; et navn godtas også med genitiv-s.", Max: 100, Required: true, Presentable: true, Pattern: `^[^\s]+$`},
			&core.TextField{Name: "merknad", Help: "Valgfritt: hva ordet er (navn, forkortelse, fagord).", Max: 200},
		)
		for _, f := range autodates() {
			c.Fields.Add(f)
		}
		c.AddIndex("idx_ordliste_ord", true, "ord COLLATE NOCASE", "")
		if err := app.Save(c); err != nil {
			return err
		}
		for _, w := range [][2]string{
			{"Assertive", "fagord (Flexible Assertive Community Treatment)"},
			{"BUPA", "forkortelse"}, {"Bekeng", "navn"}, {"Bufetat", "navn"}, {"Napha", "navn"},
			{"Debes", "navn"}, {"Gusfre", "navn"}, {"Hørthe", "navn"}, {"Sharma", "navn"}, {"Sudhir", "navn"},
			{"Syrdal", "navn"}, {"Ulshagen", "navn"}, {"PDF", "forkortelse"}, {"noe", "mangler i ordboka"},
			{"Partnerskapsmøte", "fagord"}, {"Partnerskapsmøter", "fagord"}, {"Tilskuddsrunden", "fagord"}, {"tilskuddsrunde", "fagord"},
			{"Datoen", "mangler i ordboka"}, {"Temaer", "mangler i ordboka"}, {"informasjonskapsler", "mangler i ordboka"},
			{"Tilgjengelighetserklæring", "fagord"}, {"cookies", "fagord"}, {"JavaScript", "navn"},
			{"CSV", "forkortelse"}, {"JSON", "forkortelse"}, {"HTML", "forkortelse"}, {"datoer", "mangler i ordboka"}, {"partnerskapsmøtene", "fagord"}, {"IKT", "forkortelse"}, {"WCAG", "forkortelse"}, {"AA", "forkortelse (WCAG-nivå)"}, {"samhandlingsleder", "fagord"}, {"samhandlingsavtaler", "fagord"},
			{"Community", "fagord (Flexible Assertive Community Treatment)"},
			{"DHO", "forkortelse"}, {"DPS", "forkortelse"}, {"FACT", "forkortelse"},
			{"Flexible", "fagord (Flexible Assertive Community Treatment)"},
			{"Treatment", "fagord (Flexible Assertive Community Treatment)"},
			{"Helsefellesskapsmodellen", "fagord"}, {"LSU", "forkortelse"}, {"RKE", "forkortelse"},
			{"SSU", "forkortelse"}, {"Traineeprogram", "fagord"},
			{"eiendomsplan", "fagord"}, {"henvisningsforløp", "fagord"}, {"innsiktsarbeid", "fagord"},
			{"omsorgsdepartementet", "navn (Helse- og omsorgsdepartementet)"},
			{"partnerskapsmøtet", "fagord"}, {"prehospitale", "fagord"}, {"rettighetsvurderes", "fagord"},
			{"rusavhengighet", "fagord"}, {"samarbeidsstyret", "fagord"}, {"samhandlingsarena", "fagord"},
			{"samhandlingsprosjekt", "fagord"}, {"samhandlingsprosjektene", "fagord"}, {"samhandlingsprosjekter", "fagord"},
			{"samhandlingsrelasjoner", "fagord"}, {"samhandlingstilskudd", "fagord"}, {"samhandlingstilskuddsordningen", "fagord"},
			{"samskapende", "fagord"}, {"tverrsektoriell", "fagord"}, {"utenforskap", "fagord"}, {"vurderingskomite", "fagord"},
		} {
			r := core.NewRecord(c)
			r.Set("ord", w[0])
			r.Set("merknad", w[1])
			if err := app.Save(r); err != nil {
				return err
			}
		}
		return nil
	}, func(app core.App) error {
		c, err := app.FindCollectionByNameOrId("ordliste")
		if err != nil {
			return nil
		}
		return app.Delete(c)
	})
}
