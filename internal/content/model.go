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
	Taxonomy string `toml:"-"`
	Slug     string `toml:"-"`
	Title    string `toml:"title"`
	Body     string `toml:"-"`
}

// Report is one yearly report, a branch bundle:
// content/arsrapporter/<year>/_index.md with its sections beside it.
type Report struct {
	Title        string      `toml:"title"`
	Draft        bool        `toml:"draft,omitempty"` // only in the preview
	Description  string      `toml:"description,omitempty"`
	Year         int         `toml:"aar"`
	MeetingCount int         `toml:"moter,omitzero"` // meetings SSU held that year
	Themes       []string    `toml:"tema,omitempty"`
	PDF          string      `toml:"pdf,omitempty"`
	GrantRound   *GrantRound `toml:"tilskuddsrunde,omitempty"`
	Links        []Link      `toml:"lenker,omitempty"`
	Members      []Member    `toml:"medlemmer,omitempty"`

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
	Slug   string   `toml:"-"`
	Title  string   `toml:"title"`
	Draft  bool     `toml:"draft,omitempty"`
	Weight int      `toml:"weight"`
	Themes []string `toml:"tema,omitempty"`
	Image
	Body string `toml:"-"`
}

// Project is a grant-funded or cooperation project:
// content/prosjekter/<slug>.md.
type Project struct {
	Slug          string   `toml:"-"`
	Title         string   `toml:"title"`
	Draft         bool     `toml:"draft,omitempty"`
	Description   string   `toml:"description,omitempty"`
	Year          int      `toml:"aar"`
	Weight        int      `toml:"weight"`
	Schemes       []string `toml:"ordninger,omitempty"`
	Partners      []string `toml:"partnere,omitempty"`
	PatientGroups []string `toml:"pasientgrupper,omitempty"`
	Themes        []string `toml:"tema,omitempty"`
	Amount        int      `toml:"belop,omitzero"`
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
	Title      string   `toml:"title"`
	Draft      bool     `toml:"draft,omitempty"`
	Date       Date     `toml:"date"`
	Year       int      `toml:"aar"`
	Venue      string   `toml:"sted,omitempty"`
	Speakers   []string `toml:"innledere,omitempty"`
	Topics     []string `toml:"temaer,omitempty"`
	Evaluation string   `toml:"evaluering,omitempty"`
	// State is one of MeetingStates, set by the editors; empty is planned.
	// Outcome says what the meeting came to, or why it was cancelled
	// (plain text, a blank line between paragraphs).
	State   string `toml:"tilstand,omitempty"`
	Outcome string `toml:"utfall,omitempty"`
	Image
	Body string `toml:"-"`
}

// Committee is a professional committee (faglig samarbeidsutvalg):
// content/faglige-samarbeidsutvalg/<slug>/_index.md, with one status page a
// year beside it.
type Committee struct {
	Slug        string            `toml:"-"`
	Title       string            `toml:"title"`
	Draft       bool              `toml:"draft,omitempty"`
	Description string            `toml:"description,omitempty"`
	Weight      int               `toml:"weight"`
	Established int               `toml:"etablert,omitzero"`
	Body        string            `toml:"-"`
	Statuses    []CommitteeStatus `toml:"-"`
}

// CommitteeStatus is a committee's status text for one year:
// content/faglige-samarbeidsutvalg/<slug>/<year>.md.
type CommitteeStatus struct {
	Title string `toml:"title"`
	Draft bool   `toml:"draft,omitempty"`
	Year  int    `toml:"aar"`
	Body  string `toml:"-"`
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
