package views

import (
	"errors"
	"strings"
	"testing"
)

// Every command view is built on the base's type, for both types, and a
// type New does not know gives the human view rather than a panic.
func TestConstructorsFollowViewType(t *testing.T) {
	ctors := map[string]func(Base) Base{
		"NewApply":    func(b Base) Base { return NewApply(b) },
		"NewBilling":  func(b Base) Base { return NewBilling(b) },
		"NewConvert":  func(b Base) Base { return NewConvert(b) },
		"NewDev":      func(b Base) Base { return NewDev(b) },
		"NewFmt":      func(b Base) Base { return NewFmt(b) },
		"NewGateway":  func(b Base) Base { return NewGateway(b) },
		"NewImport":   func(b Base) Base { return NewImport(b) },
		"NewLogs":     func(b Base) Base { return NewLogs(b) },
		"NewOutput":   func(b Base) Base { return NewOutput(b) },
		"NewPlan":     func(b Base) Base { return NewPlan(b) },
		"NewPlugins":  func(b Base) Base { return NewPlugins(b) },
		"NewSessions": func(b Base) Base { return NewSessions(b) },
		"NewSmoke":    func(b Base) Base { return NewSmoke(b, true) },
		"NewStatus":   func(b Base) Base { return NewStatus(b) },
		"NewValidate": func(b Base) Base { return NewValidate(b) },
		"NewVersion":  func(b Base) Base { return NewVersion(b) },
	}
	for _, c := range []struct {
		asked, want ViewType
	}{{ViewHuman, ViewHuman}, {ViewJSON, ViewJSON}, {ViewType(7), ViewHuman}} {
		for name, ctor := range ctors {
			var o testOutput
			v := ctor(New(Options{Streams: o.streams(0), Type: c.asked, Version: "v1", Now: fixedClock}))
			if v.Type() != c.want {
				t.Errorf("%s on a %s base: a %s view", name, c.asked, v.Type())
				continue
			}
			// The view writes where its type says: errors as JSON events on
			// stdout, or as text on stderr.
			v.Error(errTest)
			out, errOut := o.stdout.String(), o.stderr.String()
			switch c.want {
			case ViewJSON:
				if !strings.Contains(out, `"type":"diagnostic"`) || errOut != "" {
					t.Errorf("%s JSON: stdout %q, stderr %q", name, out, errOut)
				}
			default:
				if out != "" || !strings.Contains(errOut, "Error: boom") {
					t.Errorf("%s human: stdout %q, stderr %q", name, out, errOut)
				}
			}
		}
	}
}

var errTest = errors.New("boom")

func TestViewTypeString(t *testing.T) {
	if ViewHuman.String() != "human" || ViewJSON.String() != "json" {
		t.Errorf("ViewType strings: %s, %s", ViewHuman, ViewJSON)
	}
}
