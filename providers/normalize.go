package providers

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Normalize returns a copy of f in the one form that both what the engine
// writes and what a provider reads back are brought to, so that a read
// after a write compares equal and a plan after apply is empty: FC's
// defaults filled where a field is zero, empty maps and lists as nil, cpu
// as the float32 FC stores, trigger methods upper case, sorted and unique,
// triggers sorted by name. f is not modified.
func Normalize(f *Function) *Function {
	n := *f
	n.Environment = mapOrNil(f.Environment)
	n.Tags = mapOrNil(f.Tags)
	n.Command = listOrNil(f.Command)
	n.Args = listOrNil(f.Args)
	n.OtherTriggers = listOrNil(f.OtherTriggers)
	n.MaxInstances = clonePtr(f.MaxInstances)
	if f.HealthCheck != nil {
		h := *f.HealthCheck
		n.HealthCheck = &h
		if h == (HealthCheck{}) {
			n.HealthCheck = nil
		}
	}
	n.Layers = listOrNil(f.Layers)
	if f.VPC != nil {
		n.VPC = &VPC{VPCID: f.VPC.VPCID, VSwitchIDs: listOrNil(f.VPC.VSwitchIDs), SecurityGroupID: f.VPC.SecurityGroupID}
		if n.VPC.VPCID == "" && n.VPC.VSwitchIDs == nil && n.VPC.SecurityGroupID == "" {
			n.VPC = nil
		}
	}
	n.Log = nonZero(f.Log)
	n.Lifecycle = nonZero(f.Lifecycle)
	n.Provisioned = clonePtr(f.Provisioned)
	n.InternetAccess = clonePtr(f.InternetAccess)
	n.SessionAffinity = normalizeAffinity(f.SessionAffinity)
	if n.InternetAccess == nil {
		ia := fcspec.DefaultInternetAccess
		n.InternetAccess = &ia
	}
	if f.Container != nil {
		n.Container = &Container{Image: f.Container.Image,
			Entrypoint: listOrNil(f.Container.Entrypoint), Command: listOrNil(f.Container.Command)}
	}
	n.Triggers = nil
	for _, t := range f.Triggers {
		n.Triggers = append(n.Triggers, NormalizeTrigger(t))
	}
	slices.SortFunc(n.Triggers, func(a, b *HTTPTrigger) int { return strings.Compare(a.Name, b.Name) })
	slices.Sort(n.OtherTriggers)

	if n.Runtime == "" {
		n.Runtime = fcspec.DefaultRuntime
	}
	setDefault(&n.MemorySize, fcspec.DefaultMemory)
	if n.CPU == 0 {
		n.CPU = fcspec.DefaultCPUFor(n.MemorySize)
	}
	n.CPU = asFloat32(n.CPU)
	setDefault(&n.DiskSize, fcspec.DefaultDiskSize)
	setDefault(&n.Timeout, fcspec.DefaultTimeout)
	if n.SessionAffinity != nil {
		// FC forces this concurrency on a function with affinity.
		setDefault(&n.InstanceConcurrency, fcspec.AffinityInstanceConcurrency)
	}
	setDefault(&n.InstanceConcurrency, fcspec.DefaultInstanceConcurrency)
	if fcspec.ServesWebSocket(n.Runtime) {
		setDefault(&n.Port, fcspec.DefaultPort)
	}
	return &n
}

// NormalizeTrigger is the trigger counterpart of Normalize.
func NormalizeTrigger(t *HTTPTrigger) *HTTPTrigger {
	n := *t
	n.Methods = nil
	for _, m := range t.Methods {
		if m = strings.ToUpper(m); !slices.Contains(n.Methods, m) {
			n.Methods = append(n.Methods, m)
		}
	}
	slices.Sort(n.Methods)
	if n.AuthType == "" {
		n.AuthType = fcspec.DefaultAuthType
	}
	return &n
}

// clonePtr copies what p points to.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// nonZero copies a comparable block, nil when it holds nothing: an empty
// block and no block are the same to FC.
func nonZero[T comparable](p *T) *T {
	var zero T
	if p == nil || *p == zero {
		return nil
	}
	return clonePtr(p)
}

func setDefault(p *int, v int) {
	if *p == 0 {
		*p = v
	}
}

// asFloat32 is v as FC stores it (a float32), written back as the shortest
// decimal that float32 stands for: 0.35 stays 0.35, not 0.3499999940.
func asFloat32(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(float64(float32(v)), 'g', -1, 32), 64)
	return r
}

func mapOrNil(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

func listOrNil(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return slices.Clone(l)
}
