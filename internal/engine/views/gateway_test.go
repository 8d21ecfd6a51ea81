package views

import (
	"strings"
	"testing"
	"time"
)

var runningGateway = GatewayInfo{StateDir: "/s", PID: 42, ControlAddress: "127.0.0.1:9", StartedAt: epoch, Isolation: "sandbox"}

// Status lists each function's provisioned and on-demand instances and
// its provision target ("-" for none).
func TestGatewayStatusHumanInstances(t *testing.T) {
	var o testOutput
	NewGateway(New(Options{Streams: o.streams(0)})).Status(runningGateway, true, []GatewayFunction{
		{Function: "chat", Provisioned: 2, OnDemand: 1, ProvisionTarget: 2},
		{Function: "echo", OnDemand: 3},
	})
	want := "\n" +
		"FUNCTION  INSTANCES  PROVISIONED  ON DEMAND  PROVISION TARGET\n" +
		"chat      3          2            1          2\n" +
		"echo      3          0            3          -\n"
	got := o.stdout.String()
	if !strings.HasPrefix(got, "Local gateway running (pid 42) since "+epoch.Local().Format(time.DateTime)) || !strings.HasSuffix(got, want) {
		t.Errorf("got:\n%s\nwant it to end with:\n%s", got, want)
	}
}

func TestGatewayStatusHumanNoFunctions(t *testing.T) {
	var o testOutput
	NewGateway(New(Options{Streams: o.streams(0)})).Status(runningGateway, true, []GatewayFunction{})
	if got := o.stdout.String(); !strings.HasSuffix(got, "\n  functions:   none\n") {
		t.Errorf("got:\n%s", got)
	}
	// nil: the gateway could not tell (a note says why); no claim of none.
	o = testOutput{}
	NewGateway(New(Options{Streams: o.streams(0)})).Status(runningGateway, true, nil)
	if got := o.stdout.String(); strings.Contains(got, "functions") || strings.Contains(got, "FUNCTION") {
		t.Errorf("got:\n%s", got)
	}
}

func TestGatewayStatusJSONInstances(t *testing.T) {
	var o testOutput
	NewGateway(newTestJSON(&o)).Status(runningGateway, true, []GatewayFunction{
		{Function: "chat", Provisioned: 2, OnDemand: 1, ProvisionTarget: 2},
	})
	evs := events(t, o.stdout.String())
	fs, _ := evs[1]["functions"].([]any)
	if evs[1]["type"] != "gateway_status" || len(fs) != 1 {
		t.Fatalf("events = %v", evs)
	}
	f := fs[0].(map[string]any)
	if f["function"] != "chat" || f["provisioned"] != 2.0 || f["on_demand"] != 1.0 || f["provision_target"] != 2.0 {
		t.Errorf("function = %v", f)
	}
	// Not running: no functions key.
	o = testOutput{}
	NewGateway(newTestJSON(&o)).Status(GatewayInfo{StateDir: "/s"}, false, nil)
	if evs := events(t, o.stdout.String()); evs[1]["running"] != false || evs[1]["functions"] != nil {
		t.Errorf("events = %v", evs)
	}
}

// Start and status say where custom domains answer and which CA to trust;
// a gateway without domain listeners (an older one) gets no such line.
func TestGatewayDomainsLine(t *testing.T) {
	info := runningGateway
	info.DomainHTTP, info.DomainHTTPS, info.CACertificate = "127.0.0.1:8080", "127.0.0.1:8443", "/s/ca.pem"
	want := "http://127.0.0.1:8080  https://127.0.0.1:8443 (send the domain as Host; CA /s/ca.pem)\n"
	var o testOutput
	g := NewGateway(New(Options{Streams: o.streams(0)}))
	g.Ready(info, true)
	g.Status(info, true, nil)
	if got := o.stdout.String(); strings.Count(got, want) != 2 {
		t.Errorf("got:\n%s\nwant the domains line twice:\n%s", got, want)
	}
	o = testOutput{}
	NewGateway(New(Options{Streams: o.streams(0)})).Status(runningGateway, true, nil)
	if strings.Contains(o.stdout.String(), "domains:") {
		t.Errorf("a gateway without domain listeners: %s", o.stdout.String())
	}
}

// Start and status say which isolation the gateway runs, in words that
// tell whether code written for FC runs as it does there.
func TestGatewayIsolationLine(t *testing.T) {
	for _, tc := range []struct{ mode, want string }{
		{"sandbox", "sandbox (each instance in its own namespaces: port 9000, code at /code, as on FC)"},
		{"process", "process (plain processes on ports of their own: not as on FC; see docs/gateway.md)"},
		{"", "unknown (a gateway older than this wsdeploy)"},
	} {
		info := runningGateway
		info.Isolation = tc.mode
		var o testOutput
		g := NewGateway(New(Options{Streams: o.streams(0)}))
		g.Ready(info, true)
		g.Status(info, true, nil)
		got := o.stdout.String()
		if !strings.Contains(got, "\n  isolation:    "+tc.want+"\n") || !strings.Contains(got, "\n  isolation:   "+tc.want+"\n") {
			t.Errorf("isolation %q: want start and status to say %q:\n%s", tc.mode, tc.want, got)
		}
	}
}
