// Package content is the Hugo content tree of the SSU site as Go values: what
// each file holds, where it lives and how it is read and written. It knows
// TOML and the file system, and nothing of PocketBase or Hugo's internals.
package content

// Taxonomies are the Hugo taxonomies whose terms are records of their own.
// The key is the front-matter key and the directory under content/.
var Taxonomies = []string{"tema", "pasientgrupper", "partnere", "ordninger"}

// Tree is the whole published content: everything under content/. The
// preview's tree also holds drafts, marked Draft; a public export has none.
type Tree struct {
	Terms      []Term
	Reports    []Report
	Projects   []Project
	Meetings   []Meeting
	Committees []Committee
}

// Term is a taxonomy term with a page of its own:
// content/<taxonomy>/<slug>/_index.md.
type Term struct {
	Taxonomy    string `toml:"-"`
	Slug        string `toml:"-"`
	Title       string `toml:"title"`
	Draft       bool   `toml:"draft,omitempty"`       // only in the preview
	WorkingCopy bool   `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live term
	Body        string `toml:"-"`
}

// Report is one yearly report, a branch bundle:
// content/arsrapporter/<year>/_index.md with its sections beside it.
type Report struct {
	Title        string   `toml:"title"`
	Draft        bool     `toml:"draft,omitempty"`       // only in the preview
	WorkingCopy  bool     `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Description  string   `toml:"description,omitempty"`
	Year         int      `toml:"aar"`
	MeetingCount int      `toml:"moter,omitzero"` // meetings SSU held that year
	Themes       []string `toml:"tema,omitempty"`
	PDF          string   `toml:"pdf,omitempty"`
	// The parts of an annual report an editor may add: the leader's
	// foreword (Markdown) and name, the key messages (one a line in the
	// CMS) and the day SSU adopted the report.
	Foreword    string   `toml:"forord,omitempty"`
	ForewordBy  string   `toml:"forord_av,omitempty"`
	KeyMessages []string `toml:"hovedbudskap,omitempty"`
	Adopted     Date     `toml:"vedtatt,omitempty"`
	// Where the partnership meeting and the committees' status stand among
	// the sections, as in the report: after the section of this weight;
	// zero for after them all.
	MeetingAfter    int `toml:"moete_etter,omitzero"`
	CommitteesAfter int `toml:"utvalg_etter,omitzero"`
	Dates
	OldAddresses
	GrantRound *GrantRound `toml:"tilskuddsrunde,omitempty"`
	Links      []Link      `toml:"lenker,omitempty"`
	Members    []Member    `toml:"medlemmer,omitempty"`

	Body    string `toml:"-"`
	PDFData []byte `toml:"-"`
	// DocumentData is the tagged PDF made of the report page, kept beside
	// it under DocumentName; nil until one is made.
	DocumentData []byte    `toml:"-"`
	Sections     []Section `toml:"-"`
}

// GrantRound holds the figures of a year's round of the recruitment and
// cooperation grant (rekrutterings- og samhandlingstilskudd).
type GrantRound struct {
	Deadlines    []Date `toml:"soknadsfrister,omitempty"`
	Applications int    `toml:"soknader,omitzero"`
	Granted      int    `toml:"innvilget,omitzero"`
	CutPercent   int    `toml:"kutt_prosent,omitzero"`
	Amount       int    `toml:"belop,omitzero"`
}

// Link is a source the report cites.
type Link struct {
	Title string `toml:"title"`
	URL   string `toml:"url"`
}

// Member is one person's membership of SSU or Arbeidsutvalget in a year.
type Member struct {
	Name         string `toml:"navn"`
	JobTitle     string `toml:"stilling,omitempty"`
	Organisation string `toml:"organisasjon,omitempty"`
	Organ        string `toml:"organ"` // SSU or Arbeidsutvalget
	Role         string `toml:"rolle,omitempty"`
	Replaces     string `toml:"erstatter,omitempty"`
	From         string `toml:"fra,omitempty"`
	Until        string `toml:"til,omitempty"`
}

// Dates are when a page was first published and when its public content
// last changed, as the CMS recorded them (set on save, never typed). A
// report's change includes its sections, members, links and grant round.
type Dates struct {
	Published Stamp `toml:"publisert,omitempty"`
	Changed   Stamp `toml:"sist_endret,omitempty"`
}

// OldAddresses are the addresses a page had before its slug or year was
// changed (or its report's or committee's): each answers with a permanent
// redirect to the page (a Hugo alias, and a line of Netlify's _redirects).
type OldAddresses struct {
	Aliases []string `toml:"aliases,omitempty"`
}

// MaxKeyMessages is how many key messages a report may have.
const MaxKeyMessages = 5

// Image is a picture on a page, kept as a page resource beside it. A page
// with an image is written as a leaf bundle: <page>/index.md and
// <page>/bilde.<ext>.
type Image struct {
	Name string `toml:"bilde,omitempty"`     // bilde.jpg, bilde.png or bilde.webp
	Alt  string `toml:"bilde_alt,omitempty"` // required with an image
	Data []byte `toml:"-"`
}

// ImageName is the file name an image gets in its bundle.
func ImageName(ext string) string { return "bilde" + ext }

// ImageTypes are the image file extensions the site accepts.
var ImageTypes = []string{".jpg", ".png", ".webp"}

// Section is an ordered part of a report:
// content/arsrapporter/<year>/<slug>.md.
type Section struct {
	Slug        string   `toml:"-"`
	Title       string   `toml:"title"`
	Draft       bool     `toml:"draft,omitempty"`
	WorkingCopy bool     `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Weight      int      `toml:"weight"`
	Themes      []string `toml:"tema,omitempty"`
	// Group is a heading over this part and the parts that follow it, as a
	// report groups them ("Øvrige tema"); it stands before the partnership
	// meeting and the committees' status too when they are placed right
	// before this part (moete_etter/utvalg_etter the previous part).
	Group string `toml:"gruppe,omitempty"`
	Dates
	OldAddresses
	Image
	Body string `toml:"-"`
}

// Project is a grant-funded or cooperation project:
// content/prosjekter/<slug>.md.
type Project struct {
	Slug          string   `toml:"-"`
	Title         string   `toml:"title"`
	Draft         bool     `toml:"draft,omitempty"`
	WorkingCopy   bool     `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Description   string   `toml:"description,omitempty"`
	Year          int      `toml:"aar"`
	Weight        int      `toml:"weight"`
	Schemes       []string `toml:"ordninger,omitempty"`
	Partners      []string `toml:"partnere,omitempty"`
	PatientGroups []string `toml:"pasientgrupper,omitempty"`
	Themes        []string `toml:"tema,omitempty"`
	Amount        int      `toml:"belop,omitzero"`
	Dates
	OldAddresses
	// The project's course, each shown only when filled: its progress (one
	// of ProjectProgress), its period in years, a contact person and its
	// results (plain text, a blank line between paragraphs).
	Progress     string `toml:"fremdrift,omitempty"`
	From         int    `toml:"periode_fra,omitzero"`
	Until        int    `toml:"periode_til,omitzero"`
	Contact      string `toml:"kontakt,omitempty"`
	ContactEmail string `toml:"kontakt_epost,omitempty"`
	Results      string `toml:"resultater,omitempty"`
	Image
	Body string `toml:"-"`
}

// Meeting is a yearly partnership meeting, held or planned:
// content/partnerskapsmoter/<year>.md.
type Meeting struct {
	Title       string   `toml:"title"`
	Draft       bool     `toml:"draft,omitempty"`
	WorkingCopy bool     `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Date        Date     `toml:"date"`
	Year        int      `toml:"aar"`
	Venue       string   `toml:"sted,omitempty"`
	Speakers    []string `toml:"innledere,omitempty"`
	Topics      []string `toml:"temaer,omitempty"`
	Evaluation  string   `toml:"evaluering,omitempty"`
	// State is one of MeetingStates, set by the editors; empty is planned.
	// Outcome says what the meeting came to, or why it was cancelled
	// (plain text, a blank line between paragraphs).
	State   string `toml:"tilstand,omitempty"`
	Outcome string `toml:"utfall,omitempty"`
	Dates
	OldAddresses
	Image
	Body string `toml:"-"`
}

// Committee is a professional committee (faglig samarbeidsutvalg):
// content/faglige-samarbeidsutvalg/<slug>/_index.md, with one status page a
// year beside it.
type Committee struct {
	Slug        string `toml:"-"`
	Title       string `toml:"title"`
	Draft       bool   `toml:"draft,omitempty"`
	WorkingCopy bool   `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Description string `toml:"description,omitempty"`
	Weight      int    `toml:"weight"`
	Established int    `toml:"etablert,omitzero"`
	Dates
	OldAddresses
	Body     string            `toml:"-"`
	Statuses []CommitteeStatus `toml:"-"`
}

// CommitteeStatus is a committee's status text for one year:
// content/faglige-samarbeidsutvalg/<slug>/<year>.md.
type CommitteeStatus struct {
	Title       string `toml:"title"`
	Draft       bool   `toml:"draft,omitempty"`
	WorkingCopy bool   `toml:"arbeidskopi,omitempty"` // only in the preview: a working copy in place of the live page
	Year        int    `toml:"aar"`
	Dates
	OldAddresses
	Body string `toml:"-"`
}

// Records is how many database records the tree is stored as: one per term,
// report, section, member, link, grant round, project, meeting, committee
// and committee status.
func (t *Tree) Records() int {
	n := len(t.Terms) + len(t.Projects) + len(t.Meetings) + len(t.Committees)
	for _, r := range t.Reports {
		n += 1 + len(r.Sections) + len(r.Members) + len(r.Links)
		if r.GrantRound != nil {
			n++
		}
	}
	for _, c := range t.Committees {
		n += len(c.Statuses)
	}
	return n
}
