package migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Read rules: the public sees terms, and what is published; every write is
// left to superusers (the editors).
const (
	public            = ""
	published         = "status = 'publisert'"
	reportPublished   = "rapport.status = 'publisert'"
	sectionPublished  = "status = 'publisert' && rapport.status = 'publisert'"
	statusPublished   = "status = 'publisert' && utvalg.status = 'publisert'"
	maxPDFBytes       = 50 << 20
	maxListTextLength = 5000
)

func init() {
	m.Register(createContentModel, dropContentModel)
}

func contentModel() []*core.Collection {
	var collections []*core.Collection
	for _, name := range []string{"tema", "pasientgrupper", "partnere", "ordninger"} {
		c := collection(name, public,
			&core.TextField{Name: "navn", Help: "Navnet slik det vises på nettstedet.", Max: 200, Required: true, Presentable: true},
			slug("Del av nettadressen. Lages fra navnet hvis feltet er tomt."),
			body("Valgfri beskrivelse i Markdown."),
		)
		c.AddIndex("idx_"+name+"_slug", true, "slug", "")
		collections = append(collections, c)
	}

	reports := collection("arsrapporter", published,
		year("Året rapporten gjelder. Ett år har én rapport."),
		title("For eksempel «Årsrapport for Strategisk samarbeidsutvalg (SSU) i Helsefellesskap Vest-Viken 2025»."),
		description("Kort ingress som vises i oversikter og søkeresultater."),
		body("Innledningen til rapporten, i Markdown."),
		integer("moter", "Antall møter SSU holdt dette året.", 0, 1000, false),
		relation("tema", "Gjennomgående tema dette året.", "tema", 50, false),
		&core.FileField{Name: "pdf", Help: "Den opprinnelige rapporten som PDF.", MimeTypes: []string{"application/pdf"}, MaxSelect: 1, MaxSize: maxPDFBytes},
		status(),
	)
	reports.AddIndex("idx_arsrapporter_aar", true, "aar", "")

	sections := collection("rapportdeler", sectionPublished,
		report(),
		title("Overskriften på delen."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		order(),
		themes(),
		body("Teksten i Markdown."),
		status(),
	)
	sections.AddIndex("idx_rapportdeler_slug", true, "rapport, slug", "")

	memberships := collection("medlemskap", reportPublished,
		report(),
		&core.TextField{Name: "navn", Help: "Personens fulle navn.", Max: 300, Required: true, Presentable: true},
		text("stilling", "For eksempel «direktør helse og velferd».", 300, false),
		text("organisasjon", "For eksempel «Bærum kommune».", 300, false),
		&core.SelectField{Name: "organ", Help: "Utvalget personen sitter i.", Values: []string{"SSU", "Arbeidsutvalget"}, MaxSelect: 1, Required: true},
		&core.SelectField{Name: "rolle", Help: "Tom for vanlig medlem.", Values: []string{"leder", "nestleder"}, MaxSelect: 1},
		text("fra", "Når personen kom inn, hvis i løpet av året, for eksempel «fra høsten 2025».", 300, false),
		text("til", "Når personen gikk ut, hvis i løpet av året, for eksempel «frem til sommeren».", 300, false),
		order(),
	)
	memberships.AddIndex("idx_medlemskap_person", true, "rapport, organ, navn", "")

	links := collection("lenker", reportPublished,
		report(),
		title("Teksten lenken vises med."),
		&core.URLField{Name: "url", Help: "Hele adressen, med https://.", Required: true},
		order(),
	)
	links.AddIndex("idx_lenker_url", true, "rapport, url", "")

	grantRounds := collection("tilskuddsrunder", reportPublished,
		report(),
		text("soknadsfrister", "Én dato per linje, på formen 2025-05-01.", maxListTextLength, false),
		integer("soknader", "Antall søknader som kom inn.", 0, 100_000, false),
		integer("innvilget", "Antall søknader som ble innvilget.", 0, 100_000, false),
		integer("kutt_prosent", "Hvor mange prosent rammene ble redusert.", 0, 100, false),
		integer("belop", "Tildelt beløp i kroner.", 0, 1e12, false),
	)
	grantRounds.AddIndex("idx_tilskuddsrunder_rapport", true, "rapport", "")

	projects := collection("prosjekter", published,
		title("Prosjektets navn."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		description("Kort beskrivelse som vises i oversikter."),
		year("Året prosjektet fikk tilskudd eller omtales."),
		order(),
		relation("ordninger", "Tilskuddsordning eller type prosjekt.", "ordninger", 10, false),
		relation("partnere", "Kommuner, sykehus og andre som samarbeider.", "partnere", 100, false),
		relation("pasientgrupper", "Prioriterte pasientgrupper prosjektet gjelder.", "pasientgrupper", 10, false),
		themes(),
		integer("belop", "Innvilget beløp i kroner, hvis det er oppgitt.", 0, 1e12, false),
		body("Beskrivelsen i Markdown."),
		status(),
	)
	projects.AddIndex("idx_prosjekter_slug", true, "slug", "")

	meetings := collection("partnerskapsmoter", published,
		year("Året møtet holdes. Ett møte per år."),
		title("For eksempel «Partnerskapsmøte 2025»."),
		&core.DateField{Name: "dato", Help: "Møtedagen.", Required: true},
		text("sted", "For eksempel «Union scene, Drammen».", 300, false),
		text("innledere", "Én innleder per linje.", maxListTextLength, false),
		text("temaer", "Ett tema per linje.", maxListTextLength, false),
		text("evaluering", "Kort om hvordan møtet ble vurdert.", 600, false),
		body("Omtale av møtet i Markdown."),
		status(),
	)
	meetings.AddIndex("idx_partnerskapsmoter_aar", true, "aar", "")

	committees := collection("faglige_utvalg", published,
		title("For eksempel «Barn og unge»."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		description("Utvalgets fulle navn eller en kort beskrivelse."),
		order(),
		integer("etablert", "Året utvalget ble opprettet, hvis det er kjent.", 0, 2100, false),
		body("Om utvalget og mandatet, i Markdown."),
		status(),
	)
	committees.AddIndex("idx_faglige_utvalg_slug", true, "slug", "")

	statuses := collection("utvalgsstatus", statusPublished,
		&core.RelationField{Name: "utvalg", Help: "Utvalget statusen gjelder.", CollectionId: id("faglige_utvalg"), MaxSelect: 1, Required: true, CascadeDelete: true},
		year("Året statusen gjelder."),
		text("tittel", "Lages som «Status ÅÅÅÅ» hvis feltet er tomt.", 200, false),
		body("Statusteksten i Markdown."),
		status(),
	)
	statuses.AddIndex("idx_utvalgsstatus_aar", true, "utvalg, aar", "")

	return append(collections, reports, sections, memberships, links, grantRounds, projects, meetings, committees, statuses)
}

func createContentModel(app core.App) error {
	for _, c := range contentModel() {
		if err := app.Save(c); err != nil {
			return fmt.Errorf("create collection %s: %w", c.Name, err)
		}
	}

	// A membership can point to the one it replaced; a relation to its own
	// collection can only be added once the collection exists.
	memberships, err := app.FindCollectionByNameOrId("medlemskap")
	if err != nil {
		return err
	}
	memberships.Fields.AddAt(6, relation("erstatter", "Medlemmet denne personen avløste, hvis noen.", "medlemskap", 1, false))
	return app.Save(memberships)
}

func dropContentModel(app core.App) error {
	collections := contentModel()
	slices.Reverse(collections)
	for _, c := range collections {
		existing, err := app.FindCollectionByNameOrId(c.Name)
		if err != nil {
			continue
		}
		if err := app.Delete(existing); err != nil {
			return fmt.Errorf("delete collection %s: %w", c.Name, err)
		}
	}
	return nil
}
