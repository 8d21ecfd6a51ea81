package echopython_test

import (
	"os"
	"testing"

	"github.com/coder/websocket"
	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// The example as a user deploys it: validate, apply to a local gateway,
// echo through the trigger, an empty second plan, destroy.
func TestDeploy(t *testing.T) {
	exampletest.RequirePython(t, "websockets")
	gw := exampletest.StartGateway(t)
	gw.RequireSandbox(t)
	gw.LogsOnFailure(t, "echo-python")

	gw.Validate(t, ".")
	url := exampletest.URL(t, gw.Apply(t, "."), "url")
	exampletest.CheckEcho(t, url)
	gw.ExpectNoChanges(t, ".")
	gw.Destroy(t, ".")
}

// Code written as FC's guide says runs unmodified, once per instance: with
// instance_concurrency 1, three connections held open at once are served by
// three instances, each listening on the same 0.0.0.0:9000 in a network of
// its own, each with its own FC_INSTANCE_ID, each having read
// /code/greeting.txt at start.
func TestThreeInstancesOnPort9000(t *testing.T) {
	exampletest.RequirePython(t, "websockets")
	gw := exampletest.StartGateway(t)
	gw.RequireSandbox(t)
	gw.LogsOnFailure(t, "echo-python")
	url := exampletest.URL(t, gw.Apply(t, "."), "url")

	conns := make([]*websocket.Conn, 3)
	for i := range conns {
		conns[i] = exampletest.Dial(t, url, "/")
	}
	// All three are open now; each asks its instance who it is.
	seen := map[string]bool{}
	for _, c := range conns {
		id := exampletest.WhoAmI(t, c, 9000, "src/greeting.txt")
		if seen[id] {
			t.Errorf("instance %s answered two of the three connections; instance_concurrency 1 allows one each", id)
		}
		seen[id] = true
	}
}
