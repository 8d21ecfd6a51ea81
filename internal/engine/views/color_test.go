package views

import (
	"os"
	"testing"
)

func TestPaint(t *testing.T) {
	if got := NewColor(false).Paint("x", Bold, Red); got != "x" {
		t.Errorf("disabled Paint = %q", got)
	}
	if got := NewColor(true).Paint("x", Bold, Red); got != "\x1b[1;31mx\x1b[0m" {
		t.Errorf("enabled Paint = %q", got)
	}
	if got := NewColor(true).Paint("", Bold); got != "" {
		t.Errorf("Paint of empty text = %q", got)
	}
}

func TestColorWanted(t *testing.T) {
	cases := []struct {
		flag bool
		env  string
		tty  bool
		want bool
	}{
		{false, "", true, true},
		{true, "", true, false},   // -no-color
		{false, "1", true, false}, // NO_COLOR
		{false, "", false, false}, // not a terminal
	}
	for _, c := range cases {
		if got := colorWanted(c.flag, c.env, c.tty); got != c.want {
			t.Errorf("colorWanted(%v, %q, %v) = %v", c.flag, c.env, c.tty, got)
		}
	}
}

// A pipe is not a terminal: no colour and no wrapping.
func TestNewStreamOnPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	s := NewStream(w, false, func(string) string { return "" })
	if s.Color.Enabled() || s.Width != 0 || s.Writer != w {
		t.Errorf("NewStream(pipe) = %+v", s)
	}
}
