package views

import (
	"io"
	"os"

	"golang.org/x/term"
)

// Stream is one output stream with the way text written to it should look.
type Stream struct {
	io.Writer
	Color Color
	// Width is the column at which prose is wrapped; 0 means never wrap.
	Width int
}

// Streams are a command's two outputs: results go to Stdout, errors and
// diagnostics to Stderr (in JSON mode everything goes to Stdout).
type Streams struct {
	Stdout Stream
	Stderr Stream
}

// NewStream describes f: colour follows colorWanted and prose is wrapped to
// the terminal's width, or not at all when f is not a terminal.
func NewStream(f *os.File, noColorFlag bool, getenv func(string) string) Stream {
	tty := term.IsTerminal(int(f.Fd()))
	s := Stream{Writer: f, Color: NewColor(colorWanted(noColorFlag, getenv("NO_COLOR"), tty))}
	if tty {
		// One column short of the edge: a line that fills the terminal
		// exactly makes some terminals add an empty line.
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 1 {
			s.Width = w - 1
		}
	}
	return s
}
