package records

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Grant rounds: tilskuddsrunder ⇄ content.GrantRound, at most one a
// report, in the report's file.

const (
	fieldDeadlines    = "soknadsfrister" // one date a line
	fieldApplications = "soknader"
	fieldGranted      = "innvilget"
)

func (l *loader) grantRound(report *core.Record) (*content.GrantRound, error) {
	recs, err := l.children(schema.GrantRounds, report, "")
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	r := recs[0]
	round := &content.GrantRound{}
	loadNamed(r, round)
	for _, line := range lines(r.GetString(fieldDeadlines)) {
		d, err := content.ParseDate(line)
		if err != nil {
			// Stored before the rule: the report is published without it.
			l.problems = append(l.problems, content.Problem{Location: content.Report{Year: report.GetInt(schema.FieldYear)}.Location(), Key: fieldDeadlines, Reason: err.Error(), Mended: "tilskuddsrunden er utelatt"})
			return nil, nil
		}
		round.Deadlines = append(round.Deadlines, d)
	}
	return round, nil
}

// grantRound saves a report's round, or removes it when the report has
// none.
func (s *saver) grantRound(report *core.Record, file string, g *content.GrantRound) error {
	kept := map[string]bool{}
	if g != nil {
		deadlines := make([]string, len(g.Deadlines))
		for i, d := range g.Deadlines {
			deadlines[i] = d.String()
		}
		rec, err := s.upsert(file, schema.GrantRounds, dbx.HashExp{"rapport": report.Id}, func(f *fields) {
			f.set(schema.FieldReport, report.Id)
			f.set(fieldDeadlines, strings.Join(deadlines, "\n"))
			f.named(*g)
		})
		if err != nil {
			return err
		}
		kept[rec.Id] = true
	}
	return s.removeOthers(schema.GrantRounds, report, kept)
}
