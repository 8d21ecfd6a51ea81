package plan

import (
	"maps"
	"slices"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// desiredFunction is f as the provider should have it: the stack tag
// added and normalized exactly as reads are, so that a function applied
// from f reads back equal and the next plan is empty.
func desiredFunction(stack string, f *config.Function) *providers.Function {
	tags := maps.Clone(f.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	tags[providers.StackTag] = stack
	d := &providers.Function{
		Name:                f.Name,
		Description:         f.Description,
		Runtime:             f.Runtime,
		Port:                f.Port,
		MemorySize:          f.MemorySize,
		CPU:                 f.CPU,
		DiskSize:            f.DiskSize,
		Timeout:             f.Timeout,
		InstanceConcurrency: f.InstanceConcurrency,
		Environment:         maps.Clone(f.Environment),
		Tags:                tags,
		Role:                f.Role,
		VPC:                 f.VPC,
		Log:                 f.Log,
		InternetAccess:      f.InternetAccess,
		Layers:              f.Layers,
		Lifecycle:           f.Lifecycle,
		Provisioned:         f.Provisioned,
		SessionAffinity:     f.SessionAffinity, // Normalize copies it and fills FC's defaults
	}
	// A container's program is in its image: FC reads no command or args
	// back for it.
	if f.Runtime != fcspec.CustomContainer {
		d.Command, d.Args = slices.Clone(f.Command), slices.Clone(f.Args)
	}
	if f.MaxInstances != nil {
		n := *f.MaxInstances
		d.MaxInstances = &n
	}
	if h := f.HealthCheck; h != nil {
		hc := *h
		d.HealthCheck = &hc
	}
	if c := f.Container; c != nil && f.Runtime == fcspec.CustomContainer {
		d.Container = &providers.Container{Image: c.Image, Entrypoint: slices.Clone(c.Entrypoint), Command: slices.Clone(c.Command)}
	}
	for _, t := range f.Triggers {
		d.Triggers = append(d.Triggers, &providers.HTTPTrigger{Name: t.Name, Description: t.Description,
			Methods: slices.Clone(t.Methods), AuthType: t.AuthType, DisableURLInternet: t.DisableURLInternet})
	}
	return providers.Normalize(d) // copies what d shares with f
}

// needsCode reports whether f is deployed from a code package.
func needsCode(f *config.Function) bool { return f.Runtime != fcspec.CustomContainer }
