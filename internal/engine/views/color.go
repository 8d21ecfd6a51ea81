package views

import "strings"

// Style is an SGR attribute of the terminal.
type Style string

const (
	Bold   Style = "1"
	Red    Style = "31"
	Green  Style = "32"
	Yellow Style = "33"
	Cyan   Style = "36"
	Dim    Style = "2"
)

// Color paints text with terminal styles when enabled and leaves it alone
// otherwise, so callers never test for colour themselves.
type Color struct{ enabled bool }

// NewColor returns a Color that paints only when enabled is true.
func NewColor(enabled bool) Color { return Color{enabled: enabled} }

// Enabled reports whether c paints.
func (c Color) Enabled() bool { return c.enabled }

// Paint wraps s in the given styles.
func (c Color) Paint(s string, styles ...Style) string {
	if !c.enabled || len(styles) == 0 || s == "" {
		return s
	}
	codes := make([]string, len(styles))
	for i, st := range styles {
		codes[i] = string(st)
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + s + "\x1b[0m"
}

// colorWanted is the colour policy: the -no-color flag and the NO_COLOR
// convention (https://no-color.org, any non-empty value) turn it off, and so
// does output that is not a terminal (a pipe, a file, a CI log).
func colorWanted(noColorFlag bool, noColorEnv string, isTerminal bool) bool {
	return !noColorFlag && noColorEnv == "" && isTerminal
}
