package views

import (
	"bytes"
	"strings"

	"github.com/apparentlymart/go-textseg/v15/textseg"
	"github.com/hashicorp/hcl/v2"
)

// snippet is the part of a source file a diagnostic's subject covers: whole
// lines, with the covered bytes marked from (startIdx, startOff) to
// (endIdx, endOff), indexes into Lines and byte offsets within those lines.
type snippet struct {
	StartLine int      // line number of Lines[0]
	Lines     []string // without line terminators
	Offset    int      // byte offset of the subject's start in the source
	startIdx  int
	startOff  int
	endIdx    int
	endOff    int
}

// newSnippet resolves rng against src. It returns nil when there is nothing
// to show or rng does not fit src; it never panics, whatever rng holds.
func newSnippet(src []byte, rng hcl.Range) *snippet {
	if len(src) == 0 {
		return nil
	}
	start, ok := offsetOf(src, rng.Start)
	if !ok {
		return nil
	}
	end := start
	if rng.End != (hcl.Pos{}) { // some producers leave End unset
		if e, ok := offsetOf(src, rng.End); ok && e > start {
			end = e
		}
	}
	// End is exclusive: a range ending at the start of a line does not
	// cover that line.
	last := end
	if end > start && src[end-1] == '\n' {
		last = end - 1
	}
	first := bytes.LastIndexByte(src[:start], '\n') + 1
	stop := len(src)
	if i := bytes.IndexByte(src[last:], '\n'); i >= 0 {
		stop = last + i
	}
	sn := &snippet{
		StartLine: lineAt(src, first),
		Offset:    start,
		Lines:     strings.Split(string(src[first:stop]), "\n"),
	}
	for i, l := range sn.Lines {
		sn.Lines[i] = strings.TrimSuffix(l, "\r")
	}
	sn.startIdx, sn.startOff = sn.locate(string(src[first:start]))
	sn.endIdx, sn.endOff = sn.locate(string(src[first:end]))
	return sn
}

// locate turns the text from the snippet's first byte to a position into a
// line index and a byte offset within that line, clamped to the line.
func (sn *snippet) locate(before string) (idx, off int) {
	idx = strings.Count(before, "\n")
	if idx >= len(sn.Lines) { // only when end was at a line start
		idx = len(sn.Lines) - 1
		return idx, len(sn.Lines[idx])
	}
	off = len(before) - (strings.LastIndexByte(before, '\n') + 1)
	return idx, min(off, len(sn.Lines[idx]))
}

// highlight returns the marked bytes [from, to) of line i, and false when no
// byte of it is marked. A zero-width subject marks one position.
func (sn *snippet) highlight(i int) (from, to int, ok bool) {
	if i < sn.startIdx || i > sn.endIdx {
		return 0, 0, false
	}
	line := sn.Lines[i]
	from, to = 0, len(line)
	if i == sn.startIdx {
		from = sn.startOff
	} else {
		// Continuation lines are marked from their first non-blank.
		from = len(line) - len(strings.TrimLeft(line, " \t"))
	}
	if i == sn.endIdx {
		to = sn.endOff
	}
	if from < to {
		return from, to, true
	}
	zeroWidth := sn.startIdx == sn.endIdx && sn.startOff == sn.endOff
	return from, from, zeroWidth
}

// Code is the snippet's lines joined by "\n".
func (sn *snippet) Code() string { return strings.Join(sn.Lines, "\n") }

// codeOffset is the byte offset in Code of byte off of line idx.
func (sn *snippet) codeOffset(idx, off int) int {
	n := off
	for _, l := range sn.Lines[:idx] {
		n += len(l) + 1
	}
	return n
}

// offsetOf returns the byte offset of pos in src. The byte offset is trusted
// when it agrees with the line and could agree with the column (HCL's column
// counts are not always exact, its byte offsets are); ranges built by hand
// sometimes carry only a line and column, which are used instead.
func offsetOf(src []byte, pos hcl.Pos) (int, bool) {
	if pos.Byte >= 0 && pos.Byte <= len(src) && lineAt(src, pos.Byte) == pos.Line {
		lineStart := bytes.LastIndexByte(src[:pos.Byte], '\n') + 1
		if pos.Column >= 1 && pos.Column <= pos.Byte-lineStart+1 {
			return pos.Byte, true
		}
	}
	if pos.Line < 1 || pos.Line > bytes.Count(src, []byte("\n"))+1 {
		return 0, false
	}
	off := 0
	for range pos.Line - 1 {
		off += bytes.IndexByte(src[off:], '\n') + 1
	}
	line := src[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	// Columns count characters (grapheme clusters), not bytes.
	for col := 1; col < pos.Column && len(line) > 0; col++ {
		size, _, _ := textseg.ScanGraphemeClusters(line, true)
		line, off = line[size:], off+size
	}
	return off, true
}

// characters counts what HCL's columns count: grapheme clusters.
func characters(b []byte) int {
	n, _ := textseg.TokenCount(b, textseg.ScanGraphemeClusters)
	return n
}

// lineAt is the 1-based line number of byte offset off.
func lineAt(src []byte, off int) int {
	return bytes.Count(src[:off], []byte("\n")) + 1
}
