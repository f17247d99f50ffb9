package sitecheck

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/helsefellesskap-vest-viken/ssu/internal/prose"
)

// checkProse spells the main text of every page with Hunspell (nb_NO)
// and the site's word list, and gives each page's LIX. Both are
// information, never a failure: a new name is no error until an editor
// adds it to the word list, and plain language is a goal, not a gate.
func checkProse(s *builtSite, opts Options) Result {
	res := Result{Title: "Spelling and readability (information, no failure)", Noun: "words the dictionary and the word list lack", Info: true}
	type lix struct {
		url string
		r   prose.Readability
	}
	var all []lix
	var texts []string
	for _, pg := range s.pages {
		if pg.redirect || len(pg.text) == 0 {
			continue
		}
		text := strings.Join(pg.text, "\n\n")
		texts = append(texts, text)
		if r := prose.Measure(text); r.Words >= 50 {
			all = append(all, lix{s.urlPath(pg.file), r})
		}
	}
	if len(all) > 0 {
		sort.SliceStable(all, func(i, j int) bool { return all[i].r.LIX > all[j].r.LIX })
		median := all[len(all)/2].r.LIX
		res.Notes = append(res.Notes, fmt.Sprintf("LIX (under %d easy, over %d hard): median %d over %d pages of 50 words or more; the hardest:", prose.Easy, prose.Hard, median, len(all)))
		for _, l := range all[:min(5, len(all))] {
			res.Notes = append(res.Notes, fmt.Sprintf("  %s: LIX %d (%s)", l.url, l.r.LIX, l.r.Band))
		}
	}

	checker := opts.Spelling
	if checker == nil {
		var err error
		checker, err = prose.NewChecker()
		if errors.Is(err, prose.ErrNoDictionary) && !opts.RequireTools {
			res.Skipped = "spelling: " + err.Error()
			return res
		}
		if err != nil {
			res.Err = err
			return res
		}
		defer checker.Close()
	}
	// Every word of the site at once: one question to hunspell.
	words, err := prose.Misspelled(checker, opts.Words, strings.Join(texts, "\n\n"))
	if err != nil {
		res.Err = err
		return res
	}
	pagesOf := map[string][]string{}
	for _, pg := range s.pages {
		for _, w := range prose.Words(strings.Join(pg.text, " ")) {
			if len(pagesOf[w]) < 3 && !containsString(pagesOf[w], s.urlPath(pg.file)) {
				pagesOf[w] = append(pagesOf[w], s.urlPath(pg.file))
			}
		}
	}
	res.Found = len(words)
	res.Notes = append(res.Notes, fmt.Sprintf("%d words neither the Norwegian dictionary (Hunspell %s) nor the word list (ordliste) knows: a misspelling, or a name to add to the list", len(words), prose.Dictionary))
	for _, w := range words[:min(50, len(words))] {
		res.Notes = append(res.Notes, fmt.Sprintf("  %s (%s)", w, strings.Join(pagesOf[w], ", ")))
	}
	return res
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
