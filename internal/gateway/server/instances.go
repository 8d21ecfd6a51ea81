package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
)

// instancesPath serves each function's instances, provisioned and on
// demand, to `wsdeploy gateway status`. Like billingPath it sits beside
// FC's API and answers only requests signed with the gateway's key.
const instancesPath = "/_wsdeploy/instances"

// FunctionInstances is one function's instances as the gateway reports
// them: its own wire type, so that the data plane's counters can change
// without changing what an older wsdeploy reads.
type FunctionInstances struct {
	Function string `json:"function"`
	// Provisioned are kept for the provision config, OnDemand were started
	// for requests; both count instances starting or running.
	Provisioned int64 `json:"provisioned"`
	OnDemand    int64 `json:"onDemand"`
	// ProvisionTarget is the provision config's target (0: none).
	ProvisionTarget int64 `json:"provisionTarget"`
}

func instancesHandler(plane *dataplane.Plane, verify func(*http.Request, []byte) error, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := verify(r, nil); err != nil {
			log.Warn("instances request refused", "remote", r.RemoteAddr, "error", err)
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		stats := plane.Stats() // sorted by function
		out := make([]FunctionInstances, len(stats))
		for i, s := range stats {
			out[i] = FunctionInstances{Function: s.Function, Provisioned: s.Provisioned,
				OnDemand: s.Instances - s.Provisioned, ProvisionTarget: s.ProvisionTarget}
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
}

// FetchInstances asks the gateway of stateDir for each function's
// instances.
func FetchInstances(ctx context.Context, stateDir string) ([]FunctionInstances, error) {
	var out []FunctionInstances
	if err := fetchSigned(ctx, stateDir, instancesPath, "instances", &out); err != nil {
		return nil, err
	}
	return out, nil
}
