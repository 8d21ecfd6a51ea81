package controlapi

import (
	"encoding/json"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Input keys that have no place, as they are, in the Function object.
var notFunctionFields = map[string]bool{"code": true, "layers": true}

// Maps that a request replaces whole when it gives them: their keys are
// the user's (variable names), not fields to merge.
var wholeMaps = map[string]bool{
	"environmentVariables": true, "tracingConfig.params": true, "juiceFsConfig.envs": true,
}

// overlay sets on f what in (a CreateFunctionInput or an
// UpdateFunctionInput) gives, the way FC's UpdateFunction does:
//   - a field absent or null keeps its value (the SDK sends every unset
//     map and list as null);
//   - a scalar, a list or a map (environmentVariables) given replaces the
//     old value whole, so [] and {} clear it;
//   - a nested object given is merged field by field by the same rules, so
//     {"port": 8080} keeps the old command, and an empty one ({}) clears it.
//
// The sources and what stays unconfirmed are in docs/gateway.md's
// fidelity table.
//
// Input and Function share their JSON keys, so a round trip through JSON
// copies every field, including any the SDK adds later.
func overlay(f *fc.Function, in any) error {
	patch, err := jsonObject(in)
	if err != nil {
		return err
	}
	base, err := jsonObject(f)
	if err != nil {
		return err
	}
	for k := range notFunctionFields {
		delete(patch, k)
	}
	merged, err := json.Marshal(mergeObject(base, patch, ""))
	if err != nil {
		return err
	}
	*f = fc.Function{}
	return json.Unmarshal(merged, f)
}

// mergeObject applies patch to base (both JSON objects) by overlay's
// rules; path is base's dotted key path, "" at the top.
func mergeObject(base, patch map[string]json.RawMessage, path string) map[string]json.RawMessage {
	for k, v := range patch {
		p := k
		if path != "" {
			p = path + "." + k
		}
		switch sub, isObj := object(v); {
		case string(v) == "null":
		case !isObj || wholeMaps[p]:
			base[k] = v
		case empty(sub):
			delete(base, k)
		default:
			old, _ := object(base[k])
			if old == nil {
				old = map[string]json.RawMessage{}
			}
			b, _ := json.Marshal(mergeObject(old, sub, p)) // raw messages always marshal
			base[k] = b
		}
	}
	return base
}

// empty reports whether an object gives nothing: {}, or only nulls, which
// is how the SDK's structs encode {} (their lists have no omitempty).
func empty(m map[string]json.RawMessage) bool {
	for _, v := range m {
		if string(v) != "null" {
			return false
		}
	}
	return true
}

// object decodes v if it is a JSON object.
func object(v json.RawMessage) (map[string]json.RawMessage, bool) {
	var m map[string]json.RawMessage
	if len(v) == 0 || v[0] != '{' || json.Unmarshal(v, &m) != nil {
		return nil, false
	}
	return m, true
}

func jsonObject(v any) (map[string]json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	return m, json.Unmarshal(b, &m)
}

// clone deep-copies a function.
func clone(f *fc.Function) *fc.Function {
	c := &fc.Function{}
	if err := overlay(c, f); err != nil {
		panic(err) // a Function always survives its own JSON
	}
	if f.Layers != nil { // overlay skips layers: an input lists them by ARN
		c.Layers = make([]*fc.FunctionLayer, len(f.Layers))
		for i, l := range f.Layers {
			c.Layers[i] = &fc.FunctionLayer{Arn: l.Arn, Size: l.Size}
		}
	}
	return c
}

// applyDefaults fills what FC fills when a field is not given. It only
// fills nil fields, so it also restores defaults inside a nested object
// that an update cleared with {}. Session affinity forces the instance
// concurrency (see forceAffinityConcurrency).
func applyDefaults(f *fc.Function) {
	setInt32(&f.Timeout, fcspec.DefaultTimeout)
	setInt32(&f.InstanceConcurrency, fcspec.DefaultInstanceConcurrency)
	forceAffinityConcurrency(f)
	setInt32(&f.MemorySize, fcspec.DefaultMemory)
	setInt32(&f.DiskSize, fcspec.DefaultDiskSize)
	if f.Cpu == nil {
		f.Cpu = dara.Float32(float32(fcspec.DefaultCPUFor(int(*f.MemorySize))))
	}
	if f.InternetAccess == nil {
		f.InternetAccess = dara.Bool(fcspec.DefaultInternetAccess)
	}
	rt := dara.StringValue(f.Runtime)
	if fcspec.IsCustomRuntime(rt) {
		if f.CustomRuntimeConfig == nil {
			f.CustomRuntimeConfig = &fc.CustomRuntimeConfig{}
		}
		setInt32(&f.CustomRuntimeConfig.Port, fcspec.DefaultPort)
	}
	if rt == fcspec.CustomContainer && f.CustomContainerConfig != nil {
		setInt32(&f.CustomContainerConfig.Port, fcspec.DefaultPort)
	}
}

func setInt32(p **int32, v int32) {
	if *p == nil {
		*p = &v
	}
}

// listView is a function as ListFunctions shows it: FC leaves out the
// state fields there (GetFunction has them), and a client that relies on
// them in a listing should fail here as it would on FC.
func listView(f *fc.Function) *fc.Function {
	f.State, f.StateReason, f.StateReasonCode = nil, nil, nil
	f.LastUpdateStatus, f.LastUpdateStatusReason, f.LastUpdateStatusReasonCode = nil, nil, nil
	return f
}
