package migrations

import (
	"fmt"
	"slices"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
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
	for _, name := range []string{schema.Themes, schema.PatientGroups, schema.Partners, schema.Schemes} {
		c := collection(name, public,
			&core.TextField{Name: schema.FieldName, Help: "Navnet slik det vises på nettstedet.", Max: content.MaxTitle, Required: true, Presentable: true},
			slug("Del av nettadressen. Lages fra navnet hvis feltet er tomt."),
			body("Valgfri beskrivelse i Markdown."),
		)
		c.AddIndex("idx_"+name+"_slug", true, "slug", "")
		collections = append(collections, c)
	}

	reports := collection(schema.Reports, published,
		year("Året rapporten gjelder. Ett år har én rapport."),
		title("For eksempel «Årsrapport for Strategisk samarbeidsutvalg (SSU) i Helsefellesskap Vest-Viken 2025»."),
		description("Kort ingress som vises i oversikter og søkeresultater."),
		body("Innledningen til rapporten, i Markdown."),
		integer("moter", "Antall møter SSU holdt dette året.", 0, 1000, false),
		relation(schema.FieldThemes, "Gjennomgående tema dette året.", schema.Themes, 50, false),
		&core.FileField{Name: "pdf", Help: "Den opprinnelige rapporten som PDF.", MimeTypes: []string{"application/pdf"}, MaxSelect: 1, MaxSize: maxPDFBytes},
		status(),
	)
	reports.AddIndex("idx_arsrapporter_aar", true, "aar", "")

	sections := collection(schema.Sections, sectionPublished,
		report(),
		title("Overskriften på delen."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		order(),
		themes(),
		body("Teksten i Markdown."),
		status(),
	)
	sections.AddIndex("idx_rapportdeler_slug", true, "rapport, slug", "")

	memberships := collection(schema.Memberships, reportPublished,
		report(),
		&core.TextField{Name: schema.FieldName, Help: "Personens fulle navn.", Max: content.MaxShortText, Required: true, Presentable: true},
		text("stilling", "For eksempel «direktør helse og velferd».", content.MaxShortText, false),
		text("organisasjon", "For eksempel «Bærum kommune».", content.MaxShortText, false),
		&core.SelectField{Name: "organ", Help: "Utvalget personen sitter i.", Values: content.MemberBodies, MaxSelect: 1, Required: true},
		&core.SelectField{Name: "rolle", Help: "Tom for vanlig medlem.", Values: content.MemberRoles, MaxSelect: 1},
		text("fra", "Når personen kom inn, hvis i løpet av året, for eksempel «fra høsten 2025».", content.MaxShortText, false),
		text("til", "Når personen gikk ut, hvis i løpet av året, for eksempel «frem til sommeren».", content.MaxShortText, false),
		order(),
	)
	memberships.AddIndex("idx_medlemskap_person", true, "rapport, organ, navn", "")

	links := collection(schema.Links, reportPublished,
		report(),
		title("Teksten lenken vises med."),
		&core.URLField{Name: "url", Help: "Hele adressen, med https://.", Required: true},
		order(),
	)
	links.AddIndex("idx_lenker_url", true, "rapport, url", "")

	grantRounds := collection(schema.GrantRounds, reportPublished,
		report(),
		text("soknadsfrister", "Én dato per linje, på formen 2025-05-01.", maxListTextLength, false),
		integer("soknader", "Antall søknader som kom inn.", 0, 100_000, false),
		integer("innvilget", "Antall søknader som ble innvilget.", 0, 100_000, false),
		integer("kutt_prosent", "Hvor mange prosent rammene ble redusert.", 0, 100, false),
		integer("belop", "Tildelt beløp i kroner.", 0, 1e12, false),
	)
	grantRounds.AddIndex("idx_tilskuddsrunder_rapport", true, "rapport", "")

	projects := collection(schema.Projects, published,
		title("Prosjektets navn."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		description("Kort beskrivelse som vises i oversikter."),
		year("Året prosjektet fikk tilskudd eller omtales."),
		order(),
		relation("ordninger", "Tilskuddsordning eller type prosjekt.", schema.Schemes, 10, false),
		relation("partnere", "Kommuner, sykehus og andre som samarbeider.", schema.Partners, 100, false),
		relation("pasientgrupper", "Prioriterte pasientgrupper prosjektet gjelder.", schema.PatientGroups, 10, false),
		themes(),
		integer("belop", "Innvilget beløp i kroner, hvis det er oppgitt.", 0, 1e12, false),
		body("Beskrivelsen i Markdown."),
		status(),
	)
	projects.AddIndex("idx_prosjekter_slug", true, "slug", "")

	meetings := collection(schema.Meetings, published,
		year("Året møtet holdes. Ett møte per år."),
		title("For eksempel «Partnerskapsmøte 2025»."),
		&core.DateField{Name: "dato", Help: "Møtedagen.", Required: true},
		text("sted", "For eksempel «Union scene, Drammen».", content.MaxShortText, false),
		text("innledere", "Én innleder per linje.", maxListTextLength, false),
		text("temaer", "Ett tema per linje.", maxListTextLength, false),
		text("evaluering", "Kort om hvordan møtet ble vurdert.", content.MaxDescription, false),
		body("Omtale av møtet i Markdown."),
		status(),
	)
	meetings.AddIndex("idx_partnerskapsmoter_aar", true, "aar", "")

	committees := collection(schema.Committees, published,
		title("For eksempel «Barn og unge»."),
		slug("Del av nettadressen. Lages fra tittelen hvis feltet er tomt."),
		description("Utvalgets fulle navn eller en kort beskrivelse."),
		order(),
		integer("etablert", "Året utvalget ble opprettet, hvis det er kjent.", 0, content.MaxYear, false),
		body("Om utvalget og mandatet, i Markdown."),
		status(),
	)
	committees.AddIndex("idx_faglige_utvalg_slug", true, "slug", "")

	statuses := collection(schema.CommitteeStatus, statusPublished,
		&core.RelationField{Name: "utvalg", Help: "Utvalget statusen gjelder.", CollectionId: schema.ID(schema.Committees), MaxSelect: 1, Required: true, CascadeDelete: true},
		year("Året statusen gjelder."),
		text(schema.FieldTitle, "Lages som «Status ÅÅÅÅ» hvis feltet er tomt.", content.MaxTitle, false),
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
	memberships, err := app.FindCollectionByNameOrId(schema.Memberships)
	if err != nil {
		return err
	}
	memberships.Fields.AddAt(6, relation("erstatter", "Medlemmet denne personen avløste, hvis noen.", schema.Memberships, 1, false))
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
