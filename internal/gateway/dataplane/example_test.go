package dataplane_test

import (
	"context"
	"log"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/billing"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
)

// The gateway assembly feeds the plane from the store: functions take
// effect at once, a created or updated trigger after the propagation delay,
// and everything restored at start-up at once, on its recorded port.
func Example() {
	meter := billing.New(nil)
	plane, err := dataplane.New(dataplane.Config{
		Lookup: func(id string) (string, bool) { return "secret", id == "LTAI5tGatewayKey0001" },
		Meter:  meter,
	})
	if err != nil {
		log.Fatal(err)
	}
	defer plane.Close(context.Background())

	// CreateFunction / UpdateFunction:
	err = plane.SetFunction(dataplane.FunctionSpec{
		Name:                "chat",
		Generation:          "8412354651376529761", // codeChecksum
		CodeDir:             "/var/lib/wsdeploy/gateway/code/chat",
		Command:             []string{"./server"},
		TimeoutSeconds:      600,
		InstanceConcurrency: 20,
	}, time.Now())
	if err != nil {
		log.Fatal(err)
	}

	// CreateTrigger / UpdateTrigger: port 0 the first time, then the
	// recorded one; the URL is httpTrigger.urlInternet.
	ep, err := plane.SetTrigger(dataplane.Trigger{
		URLID:    "x7k2p9",
		Function: "chat",
		Name:     "ws",
		Methods:  []string{"GET", "POST"},
		AuthType: "anonymous",
	}, time.Now().Add(plane.Delay()))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("record port %d; serve %s", ep.Port, ep.URL)

	// DeleteTrigger, PutConcurrencyConfig (SetFunction again with
	// ReservedConcurrency), DeleteFunction:
	plane.DeleteTrigger("x7k2p9")
	plane.DeleteFunction("chat")
}
