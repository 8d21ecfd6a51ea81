package fidelity_test

import (
	"context"
	"net/http"
	neturl "net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

// Two echo functions, 128 MB: one behind a signed trigger (authType
// "function", FC 3.0's ACS3 signatures), one anonymous. Each is invoked
// once by the smoke test (a ping and one message).
const echoPair = `
stack = "@stack"

function "sig" {
  name        = "@stack-sig"
  code        = "./echo"
  runtime     = "custom.debian12"
  memory_size = 128
  timeout     = 30

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "function"
  }

  smoke {
    send   = "signed hello"
    expect = "signed hello"
  }
}

function "anon" {
  name        = "@stack-anon"
  code        = "./echo"
  runtime     = "custom.debian12"
  memory_size = 128
  timeout     = 30

  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }

  smoke {
    send   = "anonymous hello"
    expect = "anonymous hello"
  }
}
`

// The smoke test reaches a function behind a signed trigger (it signs the
// handshake as FC 3.0 wants) and an anonymous one; the signed trigger
// refuses an unsigned handshake, so the signature is what let it in.
func TestSmokeSignedAndAnonymous(t *testing.T) {
	t.Parallel()
	tg := fidelity.Open(t)
	s := tg.NewStack(t, "smoke")
	s.WriteEcho("echo")
	res := s.Converge(echoPair)

	st := s.Load(echoPair)
	targets, err := smoke.Targets(st, res.URLs, smoke.Selection{Mode: smoke.ModeAll, Sign: tg.Provider.SignRequest})
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 2 {
		t.Fatalf("smoke targets: %d, want the 2 functions", len(targets))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sum, err := smoke.Run(ctx, targets, smoke.Options{PropagationWindow: tg.Provider.Info().PropagationDelay})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Results {
		if r.Outcome != smoke.OK {
			t.Errorf("smoke %s (%s): %s: %s (%s)", r.Function, r.URL, r.Outcome, r.Reason, r.Hint)
		}
	}

	// The smoke test got through, so the trigger serves: an unsigned
	// handshake now meets the auth check, not propagation.
	url := "ws" + strings.TrimPrefix(res.URLs["sig"]["ws"], "http")
	c, resp, err := websocket.Dial(ctx, url, nil)
	if err == nil {
		c.CloseNow()
		t.Fatalf("an unsigned handshake to the signed trigger %s was let in", url)
	}
	if resp == nil || (resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusForbidden) {
		t.Errorf("an unsigned handshake to %s: %v; want FC's 400 or 403 refusal", url, err)
	}

	// FC 2.0's scheme, with the same key: the gateway refuses it by
	// default, FC 3.0 documents only ACS3. Whether FC 3.0 still accepts it
	// is unconfirmed: a live run that fails here has found out, and the
	// gateway's default is to follow (docs/gateway.md).
	h := http.Header{}
	r := &http.Request{Method: http.MethodGet, URL: mustURL(t, res.URLs["sig"]["ws"]), Header: h}
	if err := tg.SignFC2(r); err != nil {
		t.Fatal(err)
	}
	c, resp, err = websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: h})
	if err == nil {
		c.CloseNow()
		t.Fatalf("a handshake signed in FC 2.0's scheme was let in to %s", url)
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a handshake signed in FC 2.0's scheme to %s: %v; want 403", url, err)
	}
}

func mustURL(t *testing.T, s string) *neturl.URL {
	t.Helper()
	u, err := neturl.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
