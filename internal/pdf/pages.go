package pdf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// The contents of a printed page get the page number of each part from a
// first print: Chromium writes a named destination for every element an
// internal link points to (its id), on the page where the element begins.
// This reads those from the uncompressed objects Chromium (Skia) writes:
// the cross-reference table, the catalog's /Dests and the page tree.

var (
	startXref = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	xrefEntry = regexp.MustCompile(`(\d{10}) (\d{5}) ([nf])\s`)
	rootRef   = regexp.MustCompile(`/Root (\d+) 0 R`)
	destsRef  = regexp.MustCompile(`/Dests (\d+) 0 R`)
	pagesRef  = regexp.MustCompile(`/Pages (\d+) 0 R`)
	kidsArray = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
	objRef    = regexp.MustCompile(`(\d+) 0 R`)
	namedDest = regexp.MustCompile(`/([^\s/\[\]()<>{}%]+)\s*\[\s*(\d+) 0 R`)
	nameHex   = regexp.MustCompile(`#([0-9A-Fa-f]{2})`)
)

// destinationPages returns, for each named destination of doc (an id of
// the printed page), the number of the page it is on, from 1.
func destinationPages(doc []byte) (map[string]int, error) {
	objects, err := objectOffsets(doc)
	if err != nil {
		return nil, err
	}
	object := func(n int) []byte {
		at, ok := objects[n]
		if !ok || at >= len(doc) {
			return nil
		}
		body := doc[at:]
		if end := bytes.Index(body, []byte("endobj")); end >= 0 {
			body = body[:end]
		}
		if stream := bytes.Index(body, []byte("stream")); stream >= 0 {
			body = body[:stream]
		}
		return body
	}
	trailer := doc[bytes.LastIndex(doc, []byte("trailer")):]
	root := refIn(rootRef, trailer)
	catalog := object(root)
	if catalog == nil {
		return nil, fmt.Errorf("pdf: no catalog")
	}

	pageNumber := map[int]int{}
	var walk func(n, depth int) error
	walk = func(n, depth int) error {
		node := object(n)
		if node == nil || depth > 32 {
			return fmt.Errorf("pdf: page tree object %d cannot be read", n)
		}
		kids := kidsArray.FindSubmatch(node)
		if kids == nil {
			pageNumber[n] = len(pageNumber) + 1
			return nil
		}
		for _, ref := range objRef.FindAllSubmatch(kids[1], -1) {
			kid, _ := strconv.Atoi(string(ref[1]))
			if err := walk(kid, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(refIn(pagesRef, catalog), 0); err != nil {
		return nil, err
	}

	pages := map[string]int{}
	dests := object(refIn(destsRef, catalog))
	for _, m := range namedDest.FindAllSubmatch(dests, -1) {
		page, _ := strconv.Atoi(string(m[2]))
		if number, ok := pageNumber[page]; ok {
			pages[pdfName(m[1])] = number
		}
	}
	return pages, nil
}

// objectOffsets reads the cross-reference table: where each object starts.
func objectOffsets(doc []byte) (map[int]int, error) {
	m := startXref.FindSubmatch(doc)
	if m == nil {
		return nil, fmt.Errorf("pdf: no cross-reference table")
	}
	at, _ := strconv.Atoi(string(m[1]))
	if at >= len(doc) || !bytes.HasPrefix(doc[at:], []byte("xref")) {
		return nil, fmt.Errorf("pdf: no cross-reference table at %d", at)
	}
	table := doc[at:]
	table = table[:bytes.Index(table, []byte("trailer"))]
	lines := bytes.SplitN(table, []byte("\n"), 3)
	if len(lines) < 3 {
		return nil, fmt.Errorf("pdf: short cross-reference table")
	}
	var first, count int
	if _, err := fmt.Sscanf(string(lines[1]), "%d %d", &first, &count); err != nil {
		return nil, fmt.Errorf("pdf: cross-reference table: %w", err)
	}
	offsets := map[int]int{}
	for i, e := range xrefEntry.FindAllSubmatch(lines[2], count) {
		if string(e[3]) == "n" {
			offset, _ := strconv.Atoi(string(e[1]))
			offsets[first+i] = offset
		}
	}
	return offsets, nil
}

func refIn(re *regexp.Regexp, b []byte) int {
	m := re.FindSubmatch(b)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pdfName decodes the #xx escapes of a PDF name.
func pdfName(b []byte) string {
	return string(nameHex.ReplaceAllFunc(b, func(h []byte) []byte {
		v, _ := strconv.ParseUint(string(h[1:]), 16, 8)
		return []byte{byte(v)}
	}))
}
