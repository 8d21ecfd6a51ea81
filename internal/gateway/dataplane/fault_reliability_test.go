package dataplane

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Injected 429s are FC's throttling refusal (the status FC answers when
// the user is throttled), so clients' back-off on 429 can be tested too.
func TestFaultThrottling(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Fault = Fault{Rate: 1, Status: 429} })
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	_, resp, err := dial(t, url, nil)
	if err == nil {
		t.Fatal("a handshake passed with fault rate 1")
	}
	expectRefusal(t, resp.StatusCode, resp.Header, readAll(t, resp), 429, fcspec.ErrorTypeCommon, fcspec.CodeResourceExhausted)
}
