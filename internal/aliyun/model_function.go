package aliyun

import (
	"encoding/base64"
	"encoding/json"
	"slices"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// defaultHandler is sent on creation: custom runtimes ignore the handler,
// but FC requires one.
const defaultHandler = "index.handler"

// fromFC translates FC's function to the provider's, normalized. Reserved
// concurrency and triggers come from other calls.
func fromFC(raw *fc.Function) *providers.Function {
	f := &providers.Function{
		Name:                dara.StringValue(raw.FunctionName),
		Description:         dara.StringValue(raw.Description),
		Runtime:             dara.StringValue(raw.Runtime),
		MemorySize:          int(dara.Int32Value(raw.MemorySize)),
		CPU:                 float64(dara.Float32Value(raw.Cpu)),
		DiskSize:            int(dara.Int32Value(raw.DiskSize)),
		Timeout:             int(dara.Int32Value(raw.Timeout)),
		InstanceConcurrency: int(dara.Int32Value(raw.InstanceConcurrency)),
		Environment:         map[string]string{},
		Tags:                tagMap(raw.Tags),
		CodeChecksum:        dara.StringValue(raw.CodeChecksum),
		CodeSize:            dara.Int64Value(raw.CodeSize),
		ARN:                 dara.StringValue(raw.FunctionArn),
		LastModified:        dara.StringValue(raw.LastModifiedTime),
		Role:                dara.StringValue(raw.Role),
		InternetAccess:      raw.InternetAccess,
		Lifecycle:           lifecycle(raw.InstanceLifecycleConfig),
		SessionAffinity:     affinity(raw.SessionAffinity, raw.SessionAffinityConfig),
	}
	if v := raw.VpcConfig; v != nil {
		f.VPC = &providers.VPC{VPCID: dara.StringValue(v.VpcId), VSwitchIDs: strs(v.VSwitchIds), SecurityGroupID: dara.StringValue(v.SecurityGroupId)}
	}
	if g := raw.LogConfig; g != nil {
		f.Log = &providers.Log{Project: dara.StringValue(g.Project), Logstore: dara.StringValue(g.Logstore),
			RequestMetrics: dara.BoolValue(g.EnableRequestMetrics), InstanceMetrics: dara.BoolValue(g.EnableInstanceMetrics)}
	}
	for _, l := range raw.Layers {
		if l != nil {
			f.Layers = append(f.Layers, dara.StringValue(l.Arn))
		}
	}
	for k, v := range raw.EnvironmentVariables {
		f.Environment[k] = dara.StringValue(v)
	}
	switch rt := f.Runtime; {
	case rt == fcspec.CustomContainer && raw.CustomContainerConfig != nil:
		c := raw.CustomContainerConfig
		f.Container = &providers.Container{Image: dara.StringValue(c.Image), Entrypoint: strs(c.Entrypoint), Command: strs(c.Command)}
		f.Port = int(dara.Int32Value(c.Port))
		f.HealthCheck = healthCheck(c.HealthCheckConfig)
	case fcspec.IsCustomRuntime(rt) && raw.CustomRuntimeConfig != nil:
		c := raw.CustomRuntimeConfig
		f.Command, f.Args = strs(c.Command), strs(c.Args)
		f.Port = int(dara.Int32Value(c.Port))
		f.HealthCheck = healthCheck(c.HealthCheckConfig)
	}
	return providers.Normalize(f)
}

// functionInput is what creation and update share. It states every field
// wsdeploy manages, empty ones included ("" description, {} environment,
// [] command, args and layers, inside a nested object too), because FC
// reads an absent field as "keep what is there"; role, vpcConfig,
// logConfig, instanceLifecycleConfig and sessionAffinity (with its
// config) are sent when set (updateInput empties them when removed); fields wsdeploy does not manage (NAS, OSS
// mounts, tracing...) are left out and so left alone. f must be
// normalized.
func functionInput(f *providers.Function) *fc.UpdateFunctionInput {
	in := &fc.UpdateFunctionInput{
		Description:             dara.String(f.Description),
		Runtime:                 dara.String(f.Runtime),
		MemorySize:              dara.Int32(int32(f.MemorySize)),
		Cpu:                     dara.Float32(float32(f.CPU)),
		DiskSize:                dara.Int32(int32(f.DiskSize)),
		Timeout:                 dara.Int32(int32(f.Timeout)),
		InstanceConcurrency:     dara.Int32(int32(f.InstanceConcurrency)),
		EnvironmentVariables:    map[string]*string{},
		InternetAccess:          f.InternetAccess,
		Layers:                  dara.StringSlice(nonNil(f.Layers)),
		LogConfig:               logInput(f.Log),
		InstanceLifecycleConfig: lifecycleInput(f.Lifecycle),
	}
	if f.Role != "" {
		in.Role = dara.String(f.Role)
	}
	in.SessionAffinity, in.SessionAffinityConfig = affinityInput(f.SessionAffinity)
	if v := f.VPC; v != nil {
		in.VpcConfig = &fc.VPCConfig{VpcId: dara.String(v.VPCID), VSwitchIds: dara.StringSlice(nonNil(v.VSwitchIDs)), SecurityGroupId: dara.String(v.SecurityGroupID)}
	}
	for k, v := range f.Environment {
		in.EnvironmentVariables[k] = dara.String(v)
	}
	switch {
	case f.Runtime == fcspec.CustomContainer:
		c := &fc.CustomContainerConfig{Port: dara.Int32(int32(f.Port)), HealthCheckConfig: healthCheckInput(f.HealthCheck),
			Entrypoint: []*string{}, Command: []*string{}}
		if f.Container != nil {
			c.Image = dara.String(f.Container.Image)
			c.Entrypoint, c.Command = dara.StringSlice(nonNil(f.Container.Entrypoint)), dara.StringSlice(nonNil(f.Container.Command))
		}
		in.CustomContainerConfig = c
	case fcspec.IsCustomRuntime(f.Runtime):
		in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Port: dara.Int32(int32(f.Port)), HealthCheckConfig: healthCheckInput(f.HealthCheck),
			Command: dara.StringSlice(nonNil(f.Command)), Args: dara.StringSlice(nonNil(f.Args))}
	}
	return in
}

// updateInput is the UpdateFunction body that turns cur (FC's function)
// into f: functionInput, plus FC's explicit empty value of each setting cur
// has and f has not, since FC keeps what an update leaves out:
//   - an empty healthCheckConfig, since FC merges a given
//     customRuntimeConfig or customContainerConfig field by field; {}
//     clears it;
//   - role "", and vpcConfig, logConfig and each lifecycle hook emptied as
//     fc3 empties them (FC_RESOURCES_EMPTY_CONFIG, and its hooks' handler
//     "", command [], timeout 3);
//   - sessionAffinity NONE, fc3's value for a function without affinity
//     (FC_RESOURCES_EMPTY_CONFIG); the old sessionAffinityConfig may stay
//     behind, but FC, like fc3, reads NONE as none whatever it says.
//
// Each is sent only then: whether FC accepts these empty values on a
// function that has nothing to clear is unconfirmed.
func updateInput(f *providers.Function, cur *fc.Function) *fc.UpdateFunctionInput {
	in := functionInput(f)
	had := fromFC(cur)
	if f.Role == "" && had.Role != "" {
		in.Role = dara.String("")
	}
	if f.VPC == nil && had.VPC != nil {
		in.VpcConfig = &fc.VPCConfig{VpcId: dara.String(""), VSwitchIds: []*string{}, SecurityGroupId: dara.String("")}
	}
	if f.SessionAffinity == nil && had.SessionAffinity != nil {
		in.SessionAffinity = dara.String(fcspec.AffinityNone)
	}
	if f.Log == nil && had.Log != nil {
		in.LogConfig = &fc.LogConfig{Project: dara.String(""), Logstore: dara.String(""), EnableRequestMetrics: dara.Bool(false),
			EnableInstanceMetrics: dara.Bool(false), LogBeginRule: dara.String(fcspec.LogBeginRuleNone)}
	}
	if was := had.Lifecycle; was != nil {
		now := providers.Lifecycle{}
		if f.Lifecycle != nil {
			now = *f.Lifecycle
		}
		if in.InstanceLifecycleConfig == nil {
			in.InstanceLifecycleConfig = &fc.InstanceLifecycleConfig{}
		}
		if was.InitializerTimeout != 0 && now.InitializerTimeout == 0 {
			in.InstanceLifecycleConfig.Initializer = emptiedHook()
		}
		if was.PreStopTimeout != 0 && now.PreStopTimeout == 0 {
			in.InstanceLifecycleConfig.PreStop = emptiedHook()
		}
	}
	if f.HealthCheck == nil && had.HealthCheck != nil {
		if c := in.CustomRuntimeConfig; c != nil {
			c.HealthCheckConfig = &fc.CustomHealthCheckConfig{}
		}
		if c := in.CustomContainerConfig; c != nil {
			c.HealthCheckConfig = &fc.CustomHealthCheckConfig{}
		}
	}
	return in
}

// createInput is the CreateFunction body: the shared fields plus the name,
// a handler and the tags (which only creation sets; later, the tag API).
func createInput(f *providers.Function) (*fc.CreateFunctionInput, error) {
	b, err := json.Marshal(functionInput(f))
	if err != nil {
		return nil, err
	}
	in := &fc.CreateFunctionInput{}
	if err := json.Unmarshal(b, in); err != nil { // the two inputs share their JSON keys
		return nil, err
	}
	in.FunctionName = dara.String(f.Name)
	in.Handler = dara.String(defaultHandler)
	in.Tags = tagList(f.Tags)
	return in, nil
}

// codeInput is the code field for code: the zip inline, with its checksum
// for FC to verify.
func codeInput(code *providers.Code) *fc.InputCodeLocation {
	return &fc.InputCodeLocation{
		ZipFile:  dara.String(base64.StdEncoding.EncodeToString(code.Zip)),
		Checksum: dara.String(code.Checksum),
	}
}

func healthCheck(h *fc.CustomHealthCheckConfig) *providers.HealthCheck {
	if h == nil {
		return nil
	}
	return &providers.HealthCheck{
		HTTPGetURL:          dara.StringValue(h.HttpGetUrl),
		InitialDelaySeconds: int(dara.Int32Value(h.InitialDelaySeconds)),
		PeriodSeconds:       int(dara.Int32Value(h.PeriodSeconds)),
		TimeoutSeconds:      int(dara.Int32Value(h.TimeoutSeconds)),
		FailureThreshold:    int(dara.Int32Value(h.FailureThreshold)),
		SuccessThreshold:    int(dara.Int32Value(h.SuccessThreshold)),
	}
}

func healthCheckInput(h *providers.HealthCheck) *fc.CustomHealthCheckConfig {
	if h == nil {
		return nil
	}
	return &fc.CustomHealthCheckConfig{
		HttpGetUrl:          dara.String(h.HTTPGetURL),
		InitialDelaySeconds: dara.Int32(int32(h.InitialDelaySeconds)),
		PeriodSeconds:       dara.Int32(int32(h.PeriodSeconds)),
		TimeoutSeconds:      dara.Int32(int32(h.TimeoutSeconds)),
		FailureThreshold:    dara.Int32(int32(h.FailureThreshold)),
		SuccessThreshold:    dara.Int32(int32(h.SuccessThreshold)),
	}
}

func logInput(g *providers.Log) *fc.LogConfig {
	if g == nil {
		return nil
	}
	return &fc.LogConfig{Project: dara.String(g.Project), Logstore: dara.String(g.Logstore),
		EnableRequestMetrics: dara.Bool(g.RequestMetrics), EnableInstanceMetrics: dara.Bool(g.InstanceMetrics)}
}

// lifecycleInput is the hooks of h. A custom runtime's hook is its
// server's /initialize or /pre-stop, so the handler is only the non-empty
// value FC wants (fcspec.CustomHookHandler).
func lifecycleInput(h *providers.Lifecycle) *fc.InstanceLifecycleConfig {
	if h == nil {
		return nil
	}
	hook := func(timeout int) *fc.LifecycleHook {
		if timeout == 0 {
			return nil
		}
		return &fc.LifecycleHook{Handler: dara.String(fcspec.CustomHookHandler), Timeout: dara.Int32(int32(timeout))}
	}
	return &fc.InstanceLifecycleConfig{Initializer: hook(h.InitializerTimeout), PreStop: hook(h.PreStopTimeout)}
}

// emptiedHook is how fc3 removes a hook: FC keeps a hook an update leaves
// out, and reads one with neither handler nor command as none.
func emptiedHook() *fc.LifecycleHook {
	return &fc.LifecycleHook{Handler: dara.String(""), Command: []*string{}, Timeout: dara.Int32(fcspec.EmptiedHookTimeout)}
}

// lifecycle reads FC's hooks; a hook with neither handler nor command is
// an emptied one, which is none.
func lifecycle(c *fc.InstanceLifecycleConfig) *providers.Lifecycle {
	if c == nil {
		return nil
	}
	timeout := func(h *fc.LifecycleHook) int {
		if h == nil || (dara.StringValue(h.Handler) == "" && len(h.Command) == 0) {
			return 0
		}
		return int(dara.Int32Value(h.Timeout))
	}
	return &providers.Lifecycle{InitializerTimeout: timeout(c.Initializer), PreStopTimeout: timeout(c.PreStop)}
}

func tagMap(tags []*fc.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		if t != nil && dara.StringValue(t.Key) != "" {
			m[*t.Key] = dara.StringValue(t.Value)
		}
	}
	return m
}

// tagList is tags in key order, so requests are deterministic.
func tagList(tags map[string]string) []*fc.Tag {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]*fc.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, &fc.Tag{Key: dara.String(k), Value: dara.String(tags[k])})
	}
	return out
}

func strs(l []*string) []string {
	var out []string
	for _, s := range l {
		out = append(out, dara.StringValue(s))
	}
	return out
}

func nonNil(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// ownerOf is the stack a function's tags name, "" for none.
func ownerOf(tags map[string]string) string { return tags[providers.StackTag] }
