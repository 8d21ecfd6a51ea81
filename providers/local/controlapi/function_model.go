package controlapi

import (
	"encoding/json"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Input keys that have no place, as they are, in the Function object.
var notFunctionFields = map[string]bool{"code": true, "layers": true}

// overlay sets on f every field that in (a CreateFunctionInput or an
// UpdateFunctionInput) gives: each top-level JSON key that is present and
// not null replaces f's field whole. Null means "not given", as the SDK
// sends every unset map and list as null; nested objects are replaced, not
// merged, so an update states a nested object in full. Input and Function
// share their JSON keys, so a round trip through JSON copies every field,
// including any the SDK adds later.
func overlay(f *fc.Function, in any) error {
	patch, err := jsonObject(in)
	if err != nil {
		return err
	}
	base, err := jsonObject(f)
	if err != nil {
		return err
	}
	for k, v := range patch {
		if !notFunctionFields[k] && string(v) != "null" {
			base[k] = v
		}
	}
	merged, err := json.Marshal(base)
	if err != nil {
		return err
	}
	*f = fc.Function{}
	return json.Unmarshal(merged, f)
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
	return c
}

// applyDefaults fills what FC fills when a field is not given. It only
// fills nil fields, so it also restores defaults inside a nested object
// that an update replaced.
func applyDefaults(f *fc.Function) {
	setInt32(&f.Timeout, fcspec.DefaultTimeout)
	setInt32(&f.InstanceConcurrency, fcspec.DefaultInstanceConcurrency)
	setInt32(&f.MemorySize, fcspec.DefaultMemory)
	setInt32(&f.DiskSize, fcspec.DefaultDiskSize)
	if f.Cpu == nil {
		f.Cpu = dara.Float32(float32(fcspec.DefaultCPUFor(int(*f.MemorySize))))
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
