// Package schema names the SSU collections, their fields and status values,
// so that the migrations and the code reading records agree on them. Names
// are Norwegian (without æøå, which PocketBase does not allow in names)
// because editors see them in the admin.
package schema

// Collections. Each is created with the id "ssu_" + name, so that relations
// can be declared before the collection they point to exists.
const (
	Themes          = "tema"
	PatientGroups   = "pasientgrupper"
	Partners        = "partnere"
	Schemes         = "ordninger"
	Reports         = "arsrapporter"
	Sections        = "rapportdeler"
	Memberships     = "medlemskap"
	Links           = "lenker"
	GrantRounds     = "tilskuddsrunder"
	Projects        = "prosjekter"
	Meetings        = "partnerskapsmoter"
	Committees      = "faglige_utvalg"
	CommitteeStatus = "utvalgsstatus"
	Publications    = "publiseringer"
	History         = "historikk"
	WordList        = "ordliste" // the site's own words for the spelling check
)

// ID is the fixed collection id of a collection name.
func ID(collection string) string { return "ssu_" + collection }

// TermCollections map each Hugo taxonomy to the collection of its terms.
var TermCollections = map[string]string{
	"tema":           Themes,
	"pasientgrupper": PatientGroups,
	"partnere":       Partners,
	"ordninger":      Schemes,
}

// Field names used across collections.
const (
	FieldTitle         = "tittel"
	FieldName          = "navn" // title of a term or a member's name
	FieldSlug          = "slug"
	FieldDescription   = "ingress"
	FieldBody          = "tekst"
	FieldYear          = "aar"
	FieldOrder         = "rekkefolge"
	FieldGroup         = "gruppe" // rapportdeler: a heading over this part and those after it
	FieldStatus        = "status"
	FieldReport        = "rapport"
	FieldCommittee     = "utvalg"
	FieldThemes        = "tema"
	FieldSchemes       = "ordninger"
	FieldPartners      = "partnere"
	FieldPatientGroups = "pasientgrupper"
	FieldImage         = "bilde"
	FieldImageAlt      = "bilde_alt"
	FieldPublishAt     = "publiser_fra"
	FieldUnpublishAt   = "avpubliser_fra"
	FieldMeetingDate   = "dato"
)

// Working copies and approval (four eyes). A working copy is a record in
// the collection of the live record it is a new version of, pointing to it
// with FieldWorkingCopyOf; it is never public. A report's copy has copies
// of its CopiedParts, each pointing to the part it copies (or to none, for
// a part added in the copy).
const (
	FieldWorkingCopyOf = "arbeidskopi_av"
	FieldReadyBy       = "klar_av"          // the editor who marked this version ready
	FieldApprovedBy    = "godkjent_av"      // the editor who approved it
	FieldAloneReason   = "uten_godkjenning" // why it was published without approval
)

// CopiedParts are the parts of a report that its working copy holds copies
// of. Sections have a status and a working copy of their own.
var CopiedParts = []string{Memberships, Links, GrantRounds}

// Outcomes of a publication (publiseringer.status) that reached Netlify:
// sent, a build the build hook asked for; live, a deploy the editing
// server made itself, now on the site.
const (
	PublicationSent = "sendt"
	PublicationLive = "publisert"
)

// Status values of publishable records.
const (
	StatusDraft     = "utkast"
	StatusPublished = "publisert"
	StatusReady     = "klar" // klar til godkjenning: waits for a second editor
)

// Content are the content collections, each after those its relations
// point to.
var Content = []string{
	Themes, PatientGroups, Partners, Schemes,
	Reports, Sections, Memberships, Links, GrantRounds,
	Projects, Meetings, Committees, CommitteeStatus,
}

// Publishable are the collections whose records carry a draft/published
// status of their own, pages first (the preview's overview lists them in
// this order). A page uses only the terms that are published.
var Publishable = []string{Reports, Sections, Projects, Meetings, Committees, CommitteeStatus, Themes, PatientGroups, Partners, Schemes}
