package smoke

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// A signed handshake passes an authType function trigger.
func TestSignedHandshake(t *testing.T) {
	testtier.NeedsProcesses(t)
	t.Parallel()
	g := startGateway(t, nil)
	g.function("private", echoZip)
	target := g.trigger("private", `{"methods":["GET"],"authType":"function"}`)
	sign := g.signer()
	var scheme string
	target.Sign = func(r *http.Request) error {
		err := sign(r)
		scheme, _, _ = strings.Cut(r.Header.Get("Authorization"), " ")
		return err
	}
	target.Smoke.Send, target.Smoke.ExpectRegexp = "secret hello", `^secret h.llo$`
	r, _ := runOne(t, target, Options{})
	want(t, r, OK)
	if r.Attempts != 1 {
		t.Errorf("%d attempts", r.Attempts)
	}
	if scheme != fcauth.AlgorithmACS3 { // what FC 3.0 documents for triggers
		t.Errorf("handshake signed with %q, want %s", scheme, fcauth.AlgorithmACS3)
	}
}

// fc2Signer signs in FC 2.0's "FC ak:sig" scheme with g's key pair.
func fc2Signer(t *testing.T, g *gateway) Signer {
	cred, err := statedir.ReadCredentials(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	return func(r *http.Request) error { return fcauth.SignTrigger(r, cred, time.Now()) }
}

// A handshake signed in FC 2.0's scheme passes only a gateway started with
// the compatibility switch (the strict one refuses it: TestRefusedAtOnce).
func TestFC2SchemeWithCompatibilitySwitch(t *testing.T) {
	testtier.NeedsProcesses(t)
	t.Parallel()
	g := startGateway(t, func(c *server.Config) { c.AcceptFC2Signatures = true })
	g.function("legacy", echoZip)
	target := g.trigger("legacy", `{"methods":["GET"],"authType":"function"}`)
	target.Sign = fc2Signer(t, g)
	r, _ := runOne(t, target, Options{})
	want(t, r, OK)
}

// What waiting cannot fix ends the target at once, well before its
// deadline, quoting the gateway and saying what to do, even when the
// trigger had first to propagate.
func TestRefusedAtOnce(t *testing.T) {
	testtier.MeasuresLatency(t)
	t.Parallel()
	const delay = 500 * time.Millisecond
	g := startGateway(t, func(c *server.Config) { c.PropagationDelay = delay })
	cred, err := statedir.ReadCredentials(g.dir)
	if err != nil {
		t.Fatal(err)
	}
	cred.AccessKeySecret += "-wrong"
	wrongKey := func(r *http.Request) error { return fcauth.SignTriggerACS3(r, cred, time.Now()) }

	cases := []struct {
		name, config string
		code         []byte
		sign         Signer
		fragments    []string
	}{
		{"no-get", `{"methods":["POST"],"authType":"anonymous"}`, echoZip, nil,
			[]string{"403 FcCommonError MethodNotAllowed", "must allow GET", `add "GET" to the methods of http_trigger "ws"`}},
		{"closed-url", `{"methods":["GET"],"authType":"anonymous","disableURLInternet":true}`, echoZip, nil,
			[]string{"403 FcCommonError AccessDenied", "disable_url_internet"}},
		{"unsigned", `{"methods":["GET"],"authType":"function"}`, echoZip, nil,
			[]string{"400 FcCommonError MissingRequiredHeader", "no signer was given"}},
		{"wrong-key", `{"methods":["GET"],"authType":"function"}`, echoZip, wrongKey,
			[]string{"403 FcCommonError SignatureNotMatch", "FC refused the signature"}},
		{"fc2-scheme", `{"methods":["GET"],"authType":"function"}`, echoZip, fc2Signer(t, g),
			[]string{"403 FcCommonError SignatureNotMatch", "Function Compute 2.0", fcauth.AlgorithmACS3, "--accept-fc2-signatures"}},
		{"jwt", `{"methods":["GET"],"authType":"jwt"}`, echoZip, nil,
			[]string{"501 FcCommonError NotSupportedLocally", "authType jwt", "smoke { enabled = false }"}},
		{"loopback", anonymousGET, loopbackZip, nil,
			[]string{"the function failed: 502 UnhandledInvocationError FunctionNotStarted", "listens on 127.0.0.1:", "listen on 0.0.0.0", "wsdeploy logs loopback"}},
	}
	var targets []Target
	for _, c := range cases {
		g.function(c.name, c.code)
		target := g.trigger(c.name, c.config)
		target.Sign = c.sign
		targets = append(targets, target)
	}
	sum, err := Run(t.Context(), targets, Options{PropagationWindow: delay})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sum.Results[i]
			want(t, r, Failed, c.fragments...)
			if r.Waited > delay+5*time.Second { // the deadline is 60 s
				t.Errorf("failed only after %s", r.Waited)
			}
			if r.Answer == nil || r.Answer.Message == "" {
				t.Errorf("answer %+v", r.Answer)
			}
		})
	}
	if sum.ExitCode() != ExitFailed {
		t.Errorf("exit code %d", sum.ExitCode())
	}
}
