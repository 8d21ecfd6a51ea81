package views

import (
	"fmt"
	"io"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Fmt shows what `wsdeploy fmt` did.
type Fmt interface {
	Base
	// File reports one file on disk that fmt looked at.
	File(f FmtFile)
	// Stdin reports standard input; formatted is the source to print, nil
	// when only a check or a diff was asked for.
	Stdin(f FmtFile, formatted []byte)
}

// FmtFile is what fmt did with one file.
type FmtFile struct {
	Name    string
	Changed bool   // the file was not in canonical layout
	Written bool   // and was rewritten (false with -check)
	Diff    string // unified diff, when -diff was asked for
}

// NewFmt builds the fmt view on base (from New).
func NewFmt(base Base) Fmt {
	return pick(base,
		func(h *Human) Fmt { return &FmtHuman{h} },
		func(j *JSON) Fmt { return &FmtJSON{j} })
}

// FmtHuman lists the files that changed (or would change) on stdout, as
// `terraform fmt` does, each followed by its diff when there is one.
type FmtHuman struct{ *Human }

func (v *FmtHuman) File(f FmtFile) {
	if f.Changed {
		fmt.Fprintln(v.Streams.Stdout, f.Name)
	}
	io.WriteString(v.Streams.Stdout, f.Diff)
}

// Stdin prints the diff or the formatted source alone, so that fmt can be
// used as a filter.
func (v *FmtHuman) Stdin(f FmtFile, formatted []byte) {
	io.WriteString(v.Streams.Stdout, f.Diff)
	v.Streams.Stdout.Write(formatted)
}

// FmtJSON emits an fmt_file event per file.
type FmtJSON struct{ *JSON }

func (v *FmtJSON) File(f FmtFile) { v.file(f, nil) }

func (v *FmtJSON) Stdin(f FmtFile, formatted []byte) { v.file(f, formatted) }

func (v *FmtJSON) file(f FmtFile, formatted []byte) {
	msg := f.Name + ": already formatted"
	switch {
	case f.Written:
		msg = f.Name + ": formatted"
	case f.Changed:
		msg = f.Name + ": not formatted"
	}
	m := jsonstream.FmtFile{Filename: f.Name, Changed: f.Changed, Written: f.Written, Diff: f.Diff}
	if formatted != nil {
		s := string(formatted)
		m.Formatted = &s
	}
	v.emit(jsonstream.Info, msg, m)
}
