package site

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/helsefellesskap-vest-viken/ssu/internal/content"
)

// PageError is a build that failed on one file of the content tree: a
// page Hugo could not render, or a file of its bundle (its image).
type PageError struct {
	File string // slash-separated, relative to the content directory
	Err  error  // Hugo's error
}

func (e *PageError) Error() string { return e.Err.Error() }
func (e *PageError) Unwrap() error { return e.Err }

// Reason says in Norwegian, for the editors, why the page was left out,
// with the end of Hugo's message (after the last file it names).
func (e *PageError) Reason() string {
	msg := e.Err.Error()
	if i := strings.LastIndex(msg, `": `); i >= 0 {
		msg = msg[i+3:]
	}
	if r := []rune(strings.TrimSpace(msg)); len(r) > 300 {
		msg = string(r[:299]) + "…"
	}
	return fmt.Sprintf("nettstedet kan ikke bygges med siden (Hugo: %s)", msg)
}

// pageError is err as a PageError when Hugo's message names a file under
// the content directory: the innermost one it names (a page's image
// rather than the page that shows it), else err.
func (b *builder) pageError(err error) error {
	msg := err.Error()
	dir := filepath.ToSlash(b.opts.ContentDir) + "/"
	i := strings.LastIndex(msg, `"`+dir)
	if i < 0 {
		return err
	}
	file := msg[i+1+len(dir):]
	if end := strings.IndexByte(file, '"'); end >= 0 {
		file = file[:end]
	}
	// A position follows a page's file: prosjekter/x.md:6:1.
	if ext := strings.Index(file, ".md:"); ext >= 0 {
		file = file[:ext+len(".md")]
	}
	return &PageError{File: file, Err: err}
}

// BuildTree writes tree to opts.ContentDir and builds the site from it,
// as Build does. A page Hugo cannot render (old data, a Hugo edge case) is
// left out of the tree, with what depends on it (content.Tree.LeaveOut),
// and the site built again without it, so that one page never stops the
// others, nor a takedown. It returns what it left out, and why.
func BuildTree(ctx context.Context, tree *content.Tree, opts Options) (Stats, []content.Problem, error) {
	var problems []content.Problem
	for {
		if err := tree.Write(opts.ContentDir); err != nil {
			return Stats{}, problems, err
		}
		stats, err := Build(ctx, opts)
		var failed *PageError
		if !errors.As(err, &failed) {
			return stats, problems, err
		}
		left, leaveErr := tree.LeaveOut(failed.File, failed.Reason())
		if leaveErr != nil {
			return stats, problems, fmt.Errorf("%w (%v)", err, leaveErr)
		}
		problems = append(problems, left...)
	}
}
