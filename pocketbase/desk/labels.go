package desk

import (
	"maps"
	"net/http"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/records"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Labels are the Norwegian names the admin shows for the collections
// (in the sidebar) and their fields (above each input), where PocketBase
// allows only a–z in the names themselves. A test holds them to the
// collections' fields.
var Labels = map[string]Label{
	schema.Reports: {"Årsrapporter", map[string]string{"aar": "År", "tittel": "Tittel", "ingress": "Ingress", "tekst": "Innledning", "moter": "Antall møter",
		"forord": "Forord (leder har ordet)", "forord_av": "Forordet er skrevet av", "hovedbudskap": "Hovedbudskap (ett per linje)", "vedtatt": "Vedtatt i SSU",
		"moete_etter": "Partnerskapsmøtet vises etter del nr.", "utvalg_etter": "De faglige utvalgene vises etter del nr.",
		"tema": "Tema", "pdf": "Opprinnelig rapport (PDF)", "dokument": "Rapporten som PDF", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.Sections: {"Rapportdeler", map[string]string{"rapport": "Årsrapport", "tittel": "Tittel", "slug": "Adresse (slug)", "rekkefolge": "Rekkefølge", "tema": "Tema",
		"gruppe": "Overskrift over denne delen",
		"bilde":  "Bilde", "bilde_alt": "Bildetekst for skjermlesere", "tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.Memberships: {"Medlemmer", map[string]string{"rapport": "Årsrapport", "navn": "Navn", "stilling": "Stilling", "organisasjon": "Organisasjon", "organ": "Organ",
		"erstatter": "Erstatter", "rolle": "Rolle", "fra": "Fra", "til": "Til", "rekkefolge": "Rekkefølge"}},
	schema.Links:       {"Lenker", map[string]string{"rapport": "Årsrapport", "tittel": "Tittel", "url": "Adresse", "rekkefolge": "Rekkefølge"}},
	schema.GrantRounds: {"Tilskuddsrunder", map[string]string{"rapport": "Årsrapport", "soknadsfrister": "Søknadsfrister", "soknader": "Søknader", "innvilget": "Innvilget", "kutt_prosent": "Kutt (prosent)", "belop": "Beløp (kr)"}},
	schema.Projects: {"Prosjekter", map[string]string{"tittel": "Tittel", "slug": "Adresse (slug)", "ingress": "Ingress", "aar": "År", "rekkefolge": "Rekkefølge",
		"ordninger": "Ordninger", "partnere": "Partnere", "pasientgrupper": "Pasientgrupper", "tema": "Tema", "belop": "Beløp (kr)",
		"fremdrift": "Fremdrift", "periode_fra": "Periode fra (år)", "periode_til": "Periode til (år)", "kontakt": "Kontaktperson", "kontakt_epost": "Kontaktpersonens e-post", "resultater": "Resultater",
		"bilde": "Bilde", "bilde_alt": "Bildetekst for skjermlesere", "tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.Meetings: {"Partnerskapsmøter", map[string]string{"aar": "År", "tittel": "Tittel", "dato": "Dato", "sted": "Sted", "innledere": "Innledere", "temaer": "Temaer",
		"evaluering": "Evaluering", "tilstand": "Møtet er", "utfall": "Utfall (hva møtet kom fram til, eller hvorfor det ble avlyst)", "bilde": "Bilde", "bilde_alt": "Bildetekst for skjermlesere", "tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.Committees: {"Faglige utvalg", map[string]string{"tittel": "Tittel", "slug": "Adresse (slug)", "ingress": "Fullt navn", "rekkefolge": "Rekkefølge", "etablert": "Etablert (år)",
		"tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.CommitteeStatus: {"Utvalgsstatus", map[string]string{"utvalg": "Utvalg", "aar": "År", "tittel": "Tittel", "tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}},
	schema.Themes:          {"Tema", termFields},
	schema.PatientGroups:   {"Pasientgrupper", termFields},
	schema.Partners:        {"Partnere", termFields},
	schema.Schemes:         {"Ordninger", termFields},
	schema.WordList:        {"Ordliste", map[string]string{"ord": "Ord", "merknad": "Merknad"}},
	schema.History:         {"Historikk", nil},
	schema.Publications:    {"Publiseringer", nil},
}

var termFields = map[string]string{"navn": "Navn", "slug": "Adresse (slug)", "tekst": "Tekst", "status": "Status", "publiser_fra": "Publiser fra", "avpubliser_fra": "Avpubliser fra"}

// The workflow's fields (working copies, four eyes) are on every
// collection with a status, the page dates and old addresses on those of
// them that are not terms, and the working-copy link on a report's copied
// parts; their labels are given here once.
func init() {
	for _, c := range schema.Publishable {
		Labels[c].Fields[schema.FieldWorkingCopyOf] = "Arbeidskopi av"
		Labels[c].Fields[schema.FieldReadyBy] = "Meldt klar av"
		Labels[c].Fields[schema.FieldApprovedBy] = "Godkjent av"
		Labels[c].Fields[schema.FieldAloneReason] = "Publisert uten godkjenning fordi"
		if slices.Contains(slices.Collect(maps.Values(schema.TermCollections)), c) {
			continue
		}
		Labels[c].Fields["publisert"] = "Først publisert"
		Labels[c].Fields["sist_endret"] = "Sist endret"
		Labels[c].Fields["tidligere_adresser"] = "Tidligere adresser"
	}
	for _, c := range schema.CopiedParts {
		Labels[c].Fields[schema.FieldWorkingCopyOf] = "Arbeidskopi av"
	}
}

// Label is a collection's Norwegian name and its fields'.
type Label struct {
	Name   string            `json:"navn"`
	Fields map[string]string `json:"felt"`
}

// Part is one record that belongs to a report, for the report's panel.
type Part struct {
	ID    string `json:"id"`
	Title string `json:"tittel"`
	Draft bool   `json:"utkast,omitempty"`
}

// PartList is one kind of a report's parts.
type PartList struct {
	Collection string `json:"samling"`
	Title      string `json:"tittel"`
	New        string `json:"ny,omitempty"` // the text of the button that adds one; "" when none is added here
	Parts      []Part `json:"deler"`
}

// reportParts is the endpoint GET deler/{id}: the report's sections in
// order, members, links and grant round, and the committees' statuses of
// its year.
func reportParts(e *core.RequestEvent) error {
	report, err := e.App.FindRecordById(schema.Reports, e.Request.PathValue("id"))
	if err != nil {
		return e.NotFoundError("Fant ikke årsrapporten.", err)
	}
	lists := []PartList{
		{Collection: schema.Sections, Title: "Deler", New: "Ny del"},
		{Collection: schema.Memberships, Title: "Medlemmer", New: "Nytt medlem"},
		{Collection: schema.Links, Title: "Lenker", New: "Ny lenke"},
		{Collection: schema.GrantRounds, Title: "Tilskuddsrunde", New: "Ny tilskuddsrunde"},
		{Collection: schema.CommitteeStatus, Title: "Utvalgenes status"},
	}
	for i, l := range lists {
		filter, sort := schema.FieldReport+" = {:v}", schema.FieldOrder+",created"
		param := any(report.Id)
		title := func(r *core.Record) string { return r.GetString(schema.FieldTitle) }
		switch l.Collection {
		case schema.Memberships:
			sort = "organ," + schema.FieldOrder + ",navn"
			title = func(r *core.Record) string { return r.GetString(schema.FieldName) + " (" + r.GetString("organ") + ")" }
		case schema.GrantRounds:
			sort = "created"
			title = func(r *core.Record) string { return "Tilskuddsrunden " + report.GetString(schema.FieldYear) }
		case schema.CommitteeStatus:
			filter, sort, param = schema.FieldYear+" = {:v}", "tittel", report.GetInt(schema.FieldYear)
			title = func(r *core.Record) string {
				if c, err := e.App.FindRecordById(schema.Committees, r.GetString(schema.FieldCommittee)); err == nil {
					return c.GetString(schema.FieldTitle) + ": " + r.GetString(schema.FieldTitle)
				}
				return r.GetString(schema.FieldTitle)
			}
		}
		rs, err := e.App.FindRecordsByFilter(l.Collection, filter, sort, 0, 0, dbx.Params{"v": param})
		if err != nil {
			return e.InternalServerError("Kunne ikke finne rapportens deler.", err)
		}
		lists[i].Parts = []Part{}
		for _, r := range rs {
			if schema.IsWorkingCopy(r) {
				continue // shown on its live part's panel
			}
			status := r.Collection().Fields.GetByName(schema.FieldStatus) != nil
			lists[i].Parts = append(lists[i].Parts, Part{ID: r.Id, Title: title(r), Draft: status && r.GetString(schema.FieldStatus) != schema.StatusPublished})
		}
		if l.Collection == schema.GrantRounds && len(rs) > 0 {
			lists[i].New = "" // a report has one grant round
		}
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, lists)
}

// PageHit is a page found by its title, for the toolbar's "link to a page".
type PageHit struct {
	Title   string `json:"tittel"`
	Address string `json:"adresse"`
}

// linkable are the collections whose records have a page of their own.
var linkable = []string{schema.Reports, schema.Sections, schema.Projects, schema.Meetings, schema.Committees, schema.CommitteeStatus,
	schema.Themes, schema.PatientGroups, schema.Partners, schema.Schemes}

// findPages is the endpoint GET sider?q=: at most 20 pages whose title
// contains q.
func findPages(e *core.RequestEvent) error {
	q := e.Request.URL.Query().Get("q")
	hits := []PageHit{}
	if len([]rune(q)) < 2 {
		return e.JSON(http.StatusOK, hits)
	}
	for _, name := range linkable {
		coll, err := e.App.FindCachedCollectionByNameOrId(name)
		if err != nil {
			return e.InternalServerError("", err)
		}
		field := schema.FieldTitle
		if coll.Fields.GetByName(field) == nil {
			field = schema.FieldName
		}
		rs, err := e.App.FindRecordsByFilter(coll, field+" ~ {:q}", field, 20-len(hits), 0, dbx.Params{"q": q})
		if err != nil {
			return e.InternalServerError("", err)
		}
		for _, r := range rs {
			if loc, ok := records.PageOf(e.App, r); ok && !schema.IsWorkingCopy(r) {
				hits = append(hits, PageHit{Title: r.GetString(field), Address: loc.URL})
			}
		}
		if len(hits) >= 20 {
			break
		}
	}
	return e.JSON(http.StatusOK, hits)
}
