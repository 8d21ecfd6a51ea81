package server

import (
	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
)

// planInstances is the plane's instances of a function as FC's
// ListInstances shows them: the connections of each are the requests and
// WebSocket connections it holds now.
func planInstances(plane *dataplane.Plane) func(function string) []controlapi.Instance {
	return func(function string) []controlapi.Instance {
		infos := plane.Instances(function) // sorted by id
		out := make([]controlapi.Instance, len(infos))
		for i, in := range infos {
			out[i] = controlapi.Instance{ID: in.ID, Starting: in.PID == 0, Connections: in.Active}
		}
		return out
	}
}
