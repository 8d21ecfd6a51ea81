package exampletest

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

// RequireSandbox skips the test unless the gateway runs instances in
// sandboxes (FC's way). Code written as FC's guide says (a server on a
// hard-coded 0.0.0.0:9000 that reads its files through /code) cannot run in
// the process mode (WSDEPLOY_ISOLATION=process, or a host without
// namespaces): there each instance must listen on its own loopback port,
// given in FC_SERVER_PORT, and its code is not at /code.
func (g *Gateway) RequireSandbox(t testing.TB) {
	t.Helper()
	if mode := g.info(t).Isolation; mode != "sandbox" {
		t.Skipf("the gateway runs instances in %q mode, not in sandboxes: this example listens on "+
			"a hard-coded port 9000 and reads /code, as FC's guide says, which only the sandbox mode "+
			"provides (see docs/gateway.md, \"Instances: sandbox and process modes\")", mode)
	}
}

// whoamiAnswer is how the FC-style examples answer "whoami": the instance
// (FC_INSTANCE_ID), the port the connection reached inside it, and the
// greeting the server read from /code at start.
var whoamiAnswer = regexp.MustCompile(`^instance (c-[0-9a-f-]+) port (\d+): (.*)$`)

// WhoAmI asks the server behind c which instance it is, checks that the
// connection reached it on port and that it read greetingFile (a path on
// this machine, the file the server reads as /code/...), and returns the
// instance's id.
func WhoAmI(t testing.TB, c *websocket.Conn, port int, greetingFile string) string {
	t.Helper()
	greeting, err := os.ReadFile(greetingFile)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), Wait)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte("whoami")); err != nil {
		t.Fatalf("write whoami: %v", err)
	}
	_, got, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read the answer to whoami: %v", err)
	}
	m := whoamiAnswer.FindStringSubmatch(string(got))
	want := fmt.Sprintf("instance c-... port %d: %s", port, strings.TrimSpace(string(greeting)))
	if m == nil || m[2] != fmt.Sprint(port) || m[3] != strings.TrimSpace(string(greeting)) {
		t.Fatalf("whoami: got %q, want %q", got, want)
	}
	return m[1]
}
