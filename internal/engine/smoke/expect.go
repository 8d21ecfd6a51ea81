package smoke

import (
	"fmt"
	"regexp"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// expectation is what the reply must be: the exact text, a regexp match,
// or (with send but no expect) anything at all.
type expectation struct {
	exact string
	re    *regexp.Regexp
	any   bool
}

// expectationOf reads a smoke block; nil means no message is awaited
// (handshake and ping only).
func expectationOf(s config.Smoke) (*expectation, error) {
	switch {
	case s.ExpectRegexp != "":
		re, err := regexp.Compile(s.ExpectRegexp)
		if err != nil {
			return nil, fmt.Errorf("expect /%s/ is not a valid regular expression: %v", s.ExpectRegexp, err)
		}
		return &expectation{re: re}, nil
	case s.Expect != "":
		return &expectation{exact: s.Expect}, nil
	case s.Send != "":
		return &expectation{any: true}, nil
	}
	return nil, nil
}

func (e *expectation) match(reply string) bool {
	switch {
	case e.any:
		return true
	case e.re != nil:
		return e.re.MatchString(reply)
	}
	return reply == e.exact
}

func (e *expectation) String() string {
	if e.re != nil {
		return "/" + e.re.String() + "/"
	}
	return fmt.Sprintf("%q", e.exact)
}
