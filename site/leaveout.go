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
// as Build does, leaving out each page Hugo cannot build (LeaveOutFailing).
// It returns what it left out, and why.
func BuildTree(ctx context.Context, tree *content.Tree, opts Options) (Stats, []content.Problem, error) {
	var stats Stats
	problems, err := LeaveOutFailing(tree, func() error {
		if err := tree.Write(opts.ContentDir); err != nil {
			return err
		}
		built, err := Build(ctx, opts)
		stats = built
		return err
	})
	return stats, problems, err
}

// maxLeftOut is how many pages one build leaves out for Hugo's sake: more
// that fail are not a few bad records but a fault of the site's own (a
// template), which must fail the build rather than empty the site one
// full build at a time.
const maxLeftOut = 10

// LeaveOutFailing runs build, which writes the tree and builds the site
// from it, again after each page Hugo cannot render (old data, a Hugo edge
// case) has been left out of the tree with what depends on it
// (content.Tree.LeaveOut), so that one page never stops the others, nor a
// takedown. It returns what it left out, and build's last error.
func LeaveOutFailing(tree *content.Tree, build func() error) ([]content.Problem, error) {
	var problems []content.Problem
	for n := 0; ; n++ {
		err := build()
		var failed *PageError
		if !errors.As(err, &failed) {
			return problems, err
		}
		if n == maxLeftOut {
			return problems, fmt.Errorf("%w (and %d other pages could not be built: the fault is not in one page)", err, n)
		}
		left, leaveErr := tree.LeaveOut(failed.File, failed.Reason())
		if leaveErr != nil {
			return problems, fmt.Errorf("%w (%v)", err, leaveErr)
		}
		problems = append(problems, left...)
	}
}
