package fcspec

import "fmt"

// CheckExecText refuses a string that cannot reach a process intact: a
// command or argument element, an environment variable's value, or the
// handler (FC_FUNCTION_HANDLER). execve takes NUL-terminated strings, so
// a NUL byte would cut the value short, and Go's exec refuses it outright:
// the function would fail at every start instead of at deploy.
func CheckExecText(s string) error {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return fmt.Errorf("contains a NUL byte (at byte %d), which no command line or environment variable can carry: remove it", i)
		}
	}
	return nil
}

// CheckHeaderText refuses a string that becomes part of an HTTP header or
// request line (such as a health check path): a control character (CR or
// LF would end the line and start another; NUL and the rest are invalid in
// a field) or, with noSpace, a space, which ends a request target.
func CheckHeaderText(s string, noSpace bool) error {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 && c != '\t', c == 0x7f:
			return fmt.Errorf("contains the control character %q (at byte %d), which an HTTP header or request line cannot carry: remove it", c, i)
		case noSpace && (c == ' ' || c == '\t'):
			return fmt.Errorf("contains a space (at byte %d), which ends an HTTP request target: percent-encode it as %%20", i)
		}
	}
	return nil
}
