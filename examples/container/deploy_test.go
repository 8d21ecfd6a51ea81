package container_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// The container function plans against the aliyun provider (pointed at a
// local gateway, which speaks FC's API), deploys to the local gateway, and
// its trigger then explains that images run only on Function Compute.
func TestDeploy(t *testing.T) {
	gw := exampletest.StartGateway(t)
	gw.Validate(t, ".")

	aliyun := []string{"-provider", "aliyun", "-var", "fc_endpoint=http://" + gw.ControlAddress(t)}
	creds := gw.AliyunEnv(t)
	r := gw.RunEnv(t, creds, ".", append([]string{"plan", "-detailed-exitcode"}, aliyun...)...).Expect(t, 2)
	for _, want := range []string{
		"on aliyun (cn-hangzhou)",
		`+ function "echo-container"`,
		`runtime              = "custom-container"`,
		`container.image      = "registry.cn-hangzhou.aliyuncs.com/my-namespace/echo-python:1.0"`,
		"Plan: 2 to add, 0 to change, 0 to destroy.",
	} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("plan -provider aliyun lacks %q:\n%s", want, r.Stdout)
		}
	}

	// No -provider with two provider blocks: wsdeploy asks which.
	r = gw.Run(t, ".", "plan").Expect(t, 1)
	if !strings.Contains(r.Stderr, "choose one with -provider") {
		t.Errorf("plan without -provider: %q", r.Stderr)
	}

	local := []string{"-provider", "local"}
	// The smoke test would fail by design (501): the client below checks it.
	url := exampletest.URL(t, gw.Apply(t, ".", append(local, "-smoke=none")...), "url")

	resp := exampletest.Handshake(t, url, "/")
	if resp == nil {
		t.Fatal("the local gateway accepted a WebSocket for a container function")
	}
	body, _ := io.ReadAll(resp.Body)
	var fcErr struct{ ErrorCode, ErrorMessage string }
	json.Unmarshal(body, &fcErr)
	if resp.StatusCode != http.StatusNotImplemented || resp.Header.Get("X-Fc-Error-Type") != "FcCommonError" ||
		fcErr.ErrorCode != "NotSupportedLocally" || !strings.Contains(fcErr.ErrorMessage, "container image") {
		t.Errorf("handshake: %d %s %s; want 501 FcCommonError NotSupportedLocally naming the container image",
			resp.StatusCode, resp.Header.Get("X-Fc-Error-Type"), body)
	}

	// Both providers see the same functions: neither finds anything to change.
	gw.ExpectNoChanges(t, ".", local...)
	gw.RunEnv(t, creds, ".", append([]string{"plan", "-detailed-exitcode"}, aliyun...)...).Expect(t, 0)
	gw.Destroy(t, ".", local...)
}
