package dataplane

import (
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Hook is one of a custom runtime's lifecycle hooks. FC calls a fixed path
// of the instance's server (fcspec.InitializePath, fcspec.PreStopPath); the
// handler FC's API asks for means nothing to a custom runtime.
type Hook struct {
	Timeout time.Duration // default fcspec.DefaultHookTimeout
}

// normalizeHooks fills in the hooks' default timeouts and checks FC's
// bound on preStop's.
func (s *FunctionSpec) normalizeHooks() error {
	for _, h := range []**Hook{&s.Initializer, &s.PreStop} {
		if *h != nil {
			c := **h // the caller's hook stays as it was
			if c.Timeout <= 0 {
				c.Timeout = fcspec.DefaultHookTimeout
			}
			*h = &c
		}
	}
	if h := s.PreStop; h != nil && h.Timeout > fcspec.PreStopTimeoutMax*time.Second {
		return fmt.Errorf("function %q: the pre-stop timeout is %s; Function Compute allows at most %d seconds", s.Name, h.Timeout, fcspec.PreStopTimeoutMax)
	}
	return nil
}
