package controlapi

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Instance is one instance of a function as the data plane knows it, for
// ListInstances.
type Instance struct {
	ID       string
	Starting bool // its process is not ready yet
	// Connections counts the requests and WebSocket connections it holds.
	Connections int
}

// Instance statuses as the gateway reports them. FC's documentation shows
// status without listing its values (unconfirmed: Running is the guess for
// an instance that serves, Starting for one that is not ready yet).
const (
	InstanceRunning  = "Running"
	InstanceStarting = "Starting"
)

// instanceInfo is FC's InstanceInfo (fc-20230330 v4.8.2) plus connections,
// which FC does not have: wsdeploy status shows it for the local gateway.
// createdTimeMs and destroyedTimeMs are left out: the plane does not keep
// them.
type instanceInfo struct {
	InstanceID   string `json:"instanceId"`
	Qualifier    string `json:"qualifier"`
	VersionID    string `json:"versionId"`
	Status       string `json:"status"`
	ResourceType string `json:"resourceType"`
	Connections  int    `json:"connections"`
}

type listInstancesOutput struct {
	Instances []instanceInfo `json:"instances"`
}

// listInstances is ListInstances: the function's active instances
// (withAllActive or not: the plane keeps no ended ones), filtered by
// instanceIds and instanceStatus (JSON arrays, as the SDK sends them), at
// most limit of them.
func (h *Handler) listInstances(c *call) (any, error) {
	q := c.r.URL.Query()
	fn := c.r.PathValue("fn")
	if err := checkQualifier(q.Get("qualifier")); err != nil {
		return nil, err
	}
	if s := q.Get("withAllActive"); s != "" && s != "true" && s != "false" {
		return nil, invalidArg("withAllActive", "is %q; it must be true or false", s)
	}
	ids, err := stringArray(q.Get("instanceIds"), "instanceIds")
	if err != nil {
		return nil, err
	}
	statuses, err := stringArray(q.Get("instanceStatus"), "instanceStatus")
	if err != nil {
		return nil, err
	}
	limit := -1
	if s := q.Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 {
			return nil, invalidArg("limit", "%q is not a positive number", s)
		}
	}
	if _, err := h.cfg.Store.GetFunction(fn); err != nil {
		return nil, err
	}
	out := &listInstancesOutput{Instances: []instanceInfo{}}
	if h.cfg.Instances == nil {
		return out, nil
	}
	for _, in := range h.cfg.Instances(fn) {
		info := instanceInfo{InstanceID: in.ID, Qualifier: fcspec.QualifierLatest, VersionID: "0", Status: InstanceRunning,
			Connections: in.Connections}
		if in.Starting {
			info.Status = InstanceStarting
		}
		if (ids != nil && !slices.Contains(ids, in.ID)) || (statuses != nil && !slices.Contains(statuses, info.Status)) {
			continue
		}
		if len(out.Instances) == limit {
			break
		}
		out.Instances = append(out.Instances, info)
	}
	return out, nil
}

// stringArray reads a query parameter that holds a JSON array of strings;
// nil when it is absent.
func stringArray(s, field string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, invalidArg(field, "is %q, not a JSON array of strings", s)
	}
	return out, nil
}
