package server

import (
	"errors"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// --inject-faults accepts 429 for the control API and answers FC's
// Throttling code, which the SDK and the aliyun provider treat as throttled.
func TestControlFaultThrottling(t *testing.T) {
	_, control, err := ParseFaults("control=429:1,seed=1")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	startGateway(t, dir, func(c *Config) { c.ControlFault = control })
	_, err = sdk(t, dir).ListFunctions(&fc.ListFunctionsRequest{})
	var e *tea.SDKError
	if !errors.As(err, &e) || dara.IntValue(e.StatusCode) != 429 || dara.StringValue(e.Code) != "Throttling" {
		t.Fatalf("ListFunctions under 429 faults: %v", err)
	}
}
