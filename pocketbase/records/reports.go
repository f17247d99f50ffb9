package records

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
	"github.com/helsefellesskap-vest-viken/ssu/pocketbase/schema"
)

// Reports: arsrapporter ⇄ content.Report, with its parts (sections,
// members, links, grant round) each in a file of its own. Year (aar) and
// the meeting count (moter) have their record's names.

func (l *loader) reports() ([]content.Report, error) {
	recs, err := l.find(schema.Reports, "", schema.FieldYear, nil)
	if err != nil {
		return nil, err
	}
	reports := make([]content.Report, 0, len(recs))
	for _, r := range recs {
		report := content.Report{
			Title:        r.GetString(schema.FieldTitle),
			Draft:        l.draft(r, nil),
			WorkingCopy:  l.workingCopy(r),
			Description:  r.GetString(schema.FieldDescription),
			Themes:       l.termSlugs(r, schema.FieldThemes),
			KeyMessages:  lines(r.GetString(fieldKeyMessages)),
			Adopted:      content.NewDate(r.GetDateTime(fieldAdopted).Time()),
			Dates:        l.dates(r),
			OldAddresses: l.oldAddresses(r),
			Body:         r.GetString(schema.FieldBody),
		}
		loadNamed(r, &report)
		// A PDF that cannot be read is left out, not the report.
		if name := r.GetString(fieldPDF); name != "" {
			if report.PDFData, err = l.file(r, name); err != nil {
				l.leaveOut(report.PDFLocation(), fieldPDF, err)
			} else {
				report.PDF = content.PDFName(report.Year)
			}
		}
		if name := r.GetString(fieldDocument); name != "" {
			if report.DocumentData, err = l.file(r, name); err != nil {
				l.leaveOut(report.DocumentLocation(), fieldDocument, err)
				report.DocumentData = nil
			}
		}
		if report.Sections, err = l.sections(r); err != nil {
			return nil, err
		}
		if report.Members, err = l.members(r); err != nil {
			return nil, err
		}
		if report.Links, err = l.links(r); err != nil {
			return nil, err
		}
		if report.GrantRound, err = l.grantRound(r); err != nil {
			return nil, err
		}
		reports = append(reports, report)
	}
	return reports, nil
}

// The report's original PDF, the PDF the site made of its page, and of the
// parts of an annual report the foreword (forord and forord_av have their
// names in the file too), the key messages, one a line, and the day it
// was adopted.
const (
	fieldPDF         = "pdf"
	fieldDocument    = "dokument"
	fieldForeword    = "forord"
	fieldKeyMessages = "hovedbudskap"
	fieldAdopted     = "vedtatt"
)

func (s *saver) report(rep content.Report) error {
	file := rep.Location().File
	report, err := s.upsert(file, schema.Reports, dbx.HashExp{"aar": rep.Year}, func(f *fields) {
		f.set(schema.FieldTitle, rep.Title)
		f.status(rep.Draft)
		f.set(schema.FieldDescription, rep.Description)
		f.named(rep)
		f.terms(schema.FieldThemes, "tema", rep.Themes)
		f.set(schema.FieldBody, rep.Body)
		f.set(fieldKeyMessages, strings.Join(rep.KeyMessages, "\n"))
		f.set(fieldAdopted, rep.Adopted.Time())
		f.dates(rep.Dates)
		f.oldAddresses(rep.OldAddresses)
		f.file(fieldPDF, rep.PDF, rep.PDFData)
		f.file(fieldDocument, documentName(rep), rep.DocumentData)
	})
	if err != nil {
		return err
	}
	if err := s.sections(report, rep.Year, rep.Sections); err != nil {
		return err
	}
	if err := s.members(report, file, rep.Members); err != nil {
		return err
	}
	if err := s.links(report, file, rep.Links); err != nil {
		return err
	}
	return s.grantRound(report, file, rep.GrantRound)
}

// documentName is the file name the report's document is stored under, ""
// for none.
func documentName(rep content.Report) string {
	if rep.DocumentData == nil {
		return ""
	}
	return content.DocumentName(rep.Year)
}

// SaveDocument stores doc as the PDF made of the page of the report of
// year (its dokument field), unless that is what is stored. It says
// whether it saved.
func SaveDocument(app core.App, year int, doc []byte) (bool, error) {
	r, err := app.FindFirstRecordByFilter(schema.Reports, schema.FieldYear+" = {:y} && "+schema.FieldWorkingCopyOf+" = ''", dbx.Params{"y": year})
	if err != nil {
		return false, fmt.Errorf("find the report of %d: %w", year, err)
	}
	if name := r.GetString(fieldDocument); name != "" {
		if stored, err := (&loader{app: app}).file(r, name); err == nil && bytes.Equal(stored, doc) {
			return false, nil
		}
	}
	file, err := filesystem.NewFileFromBytes(doc, content.DocumentName(year))
	if err != nil {
		return false, fmt.Errorf("the PDF of the report of %d: %w", year, err)
	}
	r.Set(fieldDocument, file)
	if err := app.Save(r); err != nil {
		return false, fmt.Errorf("save the PDF of the report of %d: %w", year, err)
	}
	return true, nil
}
