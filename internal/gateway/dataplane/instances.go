package dataplane

import "sort"

// InstanceInfo describes one instance, for `wsdeploy gateway status` and
// tests.
type InstanceInfo struct {
	Function string
	ID       string // FC_INSTANCE_ID
	PID      int    // 0 while starting
	Addr     string // where the gateway reaches it; "" while starting
	Active   int    // requests and connections it holds
	Draining bool   // it serves a spec no longer wanted
	// Provisioned: kept for the provision config; else on demand.
	Provisioned bool
}

// Instances lists the instances of a function that are starting or
// running, sorted by id.
func (p *Plane) Instances(function string) []InstanceInfo {
	p.mu.Lock()
	f := p.functions[function]
	p.mu.Unlock()
	if f == nil {
		return nil
	}
	var out []InstanceInfo
	for _, in := range f.list() {
		info := InstanceInfo{Function: function, ID: in.id, Active: max(int(in.slots.Load()), 0), Draining: in.draining.Load(), Provisioned: in.provisioned.Load()}
		select {
		case <-in.ready:
			if in.proc == nil {
				continue // failed to start
			}
			info.PID, info.Addr = in.proc.PID(), in.proc.Addr()
		default:
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
