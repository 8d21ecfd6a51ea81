package smoke

import (
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// The reply is checked against expect, exactly or as a regexp; without
// expect any reply passes.
func TestExpect(t *testing.T) {
	testtier.NeedsProcesses(t)
	t.Parallel()
	g := startGateway(t, nil)
	echo := g.echo("echo")
	with := func(send, expect, re string) Target {
		t := echo
		t.Smoke.Send, t.Smoke.Expect, t.Smoke.ExpectRegexp = send, expect, re
		return t
	}
	targets := []Target{
		with("hello", "hello", ""),
		with("hello", "", `^h[a-z]+o$`),
		with("anything", "", ""),
		with("", "", ""), // handshake and ping only
		with("hello", "bye", ""),
		with("hello", "", `^bye`),
	}
	sum, err := Run(t.Context(), targets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range sum.Results[:4] {
		want(t, r, OK)
		if sent := targets[i].Smoke.Send != ""; sent != (r.ReplyRTT > 0) || r.PingRTT <= 0 {
			t.Errorf("target %d: ping %s, reply %s", i, r.PingRTT, r.ReplyRTT)
		}
	}
	want(t, sum.Results[4], Failed, `the reply "hello" does not match expect "bye"`)
	want(t, sum.Results[5], Failed, `does not match expect /^bye/`, "/regex/")
	if got := sum.Results[4].Received; got != "hello" {
		t.Errorf("received %q", got)
	}
	if sum.ExitCode() != ExitFailed {
		t.Errorf("exit code %d", sum.ExitCode())
	}
}
