package controlapi

import (
	"fmt"
	"slices"
	"sort"
	"strconv"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Tag limits (FC's resource tags; unconfirmed).
const (
	maxTags        = 20
	maxTagKeyLen   = 128
	maxTagValueLen = 256
)

// validateFunction checks a function as it would be stored (after defaults
// and, for an update, after merging), so every rule, including those that
// span fields, sees the final values. The first failure is returned, with
// the field's JSON name in the message.
func validateFunction(f *fc.Function) error {
	rt := dara.StringValue(f.Runtime)
	switch {
	case rt == "":
		return invalidArg("runtime", "is required: use %s for a WebSocket server", fcspec.DefaultRuntime)
	case !fcspec.ServesWebSocket(rt) && !fcspec.IsBuiltinRuntime(rt):
		return invalidArg("runtime", "%q is not a Function Compute runtime; WebSocket servers use one of %v", rt, fcspec.WebSocketRuntimes)
	case dara.StringValue(f.Handler) == "":
		return invalidArg("handler", "is required (custom runtimes ignore it, but Function Compute still wants one, such as \"index.handler\")")
	}
	// The handler reaches the instance as FC_FUNCTION_HANDLER.
	if err := fcspec.CheckExecText(dara.StringValue(f.Handler)); err != nil {
		return invalidArg("handler", "%v", err)
	}
	checks := []struct {
		field string
		err   error
	}{
		{"description", fcspec.CheckDescription(dara.StringValue(f.Description))},
		{"timeout", fcspec.CheckTimeout(int(*f.Timeout))},
		{"instanceConcurrency", fcspec.CheckInstanceConcurrency(int(*f.InstanceConcurrency))},
		{"memorySize", fcspec.CheckMemory(int(*f.MemorySize))},
		{"cpu", fcspec.CheckCPU(roundCPU(*f.Cpu))},
		{"diskSize", fcspec.CheckDiskSize(int(*f.DiskSize))},
	}
	for _, c := range checks {
		if c.err != nil {
			return invalidArg(c.field, "%v", c.err)
		}
	}
	if err := fcspec.CheckCPUMemoryRatio(roundCPU(*f.Cpu), int(*f.MemorySize)); err != nil {
		return invalidArg("cpu", "%v", err)
	}
	if err := validateEnv(f.EnvironmentVariables); err != nil {
		return err
	}
	if err := validateRuntimeConfigs(f, rt); err != nil {
		return err
	}
	if err := validateSettings(f); err != nil {
		return err
	}
	if err := validateAffinity(f); err != nil {
		return err
	}
	return validateTags(f.Tags)
}

// roundCPU undoes float32's representation error (0.35 is 0.3499999940...)
// by taking the shortest decimal that the float32 stands for.
func roundCPU(c float32) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(float64(c), 'g', -1, 32), 64)
	return v
}

func validateEnv(env map[string]*string) error {
	plain := make(map[string]string, len(env))
	keys := make([]string, 0, len(env))
	for k, v := range env {
		if v == nil {
			return invalidArg("environmentVariables."+k, "is null; give a string value or leave the variable out")
		}
		plain[k] = *v
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := fcspec.CheckEnvKey(k); err != nil {
			return invalidArg("environmentVariables", "%v", err)
		}
		if err := fcspec.CheckExecText(plain[k]); err != nil {
			return invalidArg("environmentVariables."+k, "%v", err)
		}
	}
	if err := fcspec.CheckEnvironment(plain); err != nil {
		return invalidArg("environmentVariables", "%v", err)
	}
	return nil
}

func validateRuntimeConfigs(f *fc.Function, rt string) error {
	if c := f.CustomRuntimeConfig; c != nil && fcspec.IsCustomRuntime(rt) {
		if err := fcspec.CheckPort(int(dara.Int32Value(c.Port))); err != nil {
			return invalidArg("customRuntimeConfig.port", "%v", err)
		}
		if err := checkExecWords("customRuntimeConfig.command", c.Command); err != nil {
			return err
		}
		if err := checkExecWords("customRuntimeConfig.args", c.Args); err != nil {
			return err
		}
		if err := validateHealthCheck("customRuntimeConfig.healthCheckConfig", c.HealthCheckConfig); err != nil {
			return err
		}
	}
	if rt != fcspec.CustomContainer {
		return nil
	}
	c := f.CustomContainerConfig
	if c == nil || dara.StringValue(c.Image) == "" {
		return invalidArg("customContainerConfig.image", "is required for runtime %s", fcspec.CustomContainer)
	}
	if err := fcspec.CheckPort(int(dara.Int32Value(c.Port))); err != nil {
		return invalidArg("customContainerConfig.port", "%v", err)
	}
	if err := checkExecWords("customContainerConfig.command", c.Command); err != nil {
		return err
	}
	if err := checkExecWords("customContainerConfig.entrypoint", c.Entrypoint); err != nil {
		return err
	}
	return validateHealthCheck("customContainerConfig.healthCheckConfig", c.HealthCheckConfig)
}

// checkExecWords refuses an element of a command line that exec cannot
// carry, naming it by its index.
func checkExecWords(field string, words []*string) error {
	for i, w := range words {
		if err := fcspec.CheckExecText(dara.StringValue(w)); err != nil {
			return invalidArg(fmt.Sprintf("%s[%d]", field, i), "%v", err)
		}
	}
	return nil
}

func validateHealthCheck(field string, h *fc.CustomHealthCheckConfig) error {
	if h == nil {
		return nil
	}
	// The path goes into the request line of the health check.
	if err := fcspec.CheckHeaderText(dara.StringValue(h.HttpGetUrl), true); err != nil {
		return invalidArg(field+".httpGetUrl", "%v", err)
	}
	if h.TimeoutSeconds == nil {
		return nil
	}
	if err := fcspec.CheckHealthCheckTimeout(int(*h.TimeoutSeconds)); err != nil {
		return invalidArg(field+".timeoutSeconds", "%v", err)
	}
	return nil
}

func validateTags(tags []*fc.Tag) error {
	if len(tags) > maxTags {
		return invalidArg("tags", "has %d tags; Function Compute accepts at most %d", len(tags), maxTags)
	}
	var seen []string
	for i, t := range tags {
		if t == nil {
			t = &fc.Tag{}
		}
		k, v := dara.StringValue(t.Key), dara.StringValue(t.Value)
		switch {
		case k == "":
			return invalidArg(fmt.Sprintf("tags[%d].Key", i), "is required")
		case len(k) > maxTagKeyLen:
			return invalidArg(fmt.Sprintf("tags[%d].Key", i), "is longer than %d characters", maxTagKeyLen)
		case len(v) > maxTagValueLen:
			return invalidArg(fmt.Sprintf("tags[%d].Value", i), "is longer than %d characters", maxTagValueLen)
		case slices.Contains(seen, k):
			return invalidArg(fmt.Sprintf("tags[%d].Key", i), "%q appears twice", k)
		}
		seen = append(seen, k)
	}
	return nil
}

// checkLayers checks the input's layer ARNs by FC's shape. The gateway
// cannot tell whether a layer exists, nor provide its files: it stores the
// list (setLayers) and runs the code without them.
func checkLayers(layers []*string) error {
	if err := fcspec.CheckLayers(dara.StringSliceValue(layers)); err != nil {
		return invalidArg("layers", "%v", err)
	}
	return nil
}

// setLayers stores the input's layers on f as FC returns them ({arn}
// objects, in the order given; FC also reports each layer's size, which
// the gateway does not know). Absent (null) keeps them; [] clears them.
func setLayers(f *fc.Function, layers []*string) {
	if layers == nil {
		return
	}
	f.Layers = []*fc.FunctionLayer{}
	for _, arn := range layers {
		f.Layers = append(f.Layers, &fc.FunctionLayer{Arn: dara.String(dara.StringValue(arn))})
	}
}

// validateSettings checks role, vpcConfig, logConfig and
// instanceLifecycleConfig as stored. The emptied values that clear them
// (role "", fc3's empty vpcConfig and logConfig, a hook with neither
// handler nor command) pass.
func validateSettings(f *fc.Function) error {
	if r := dara.StringValue(f.Role); r != "" {
		if err := fcspec.CheckRoleARN(r); err != nil {
			return invalidArg("role", "%v", err)
		}
	}
	if v := f.VpcConfig; v != nil && (dara.StringValue(v.VpcId) != "" || len(v.VSwitchIds) > 0 || dara.StringValue(v.SecurityGroupId) != "") {
		if err := fcspec.CheckVPCID(dara.StringValue(v.VpcId)); err != nil {
			return invalidArg("vpcConfig.vpcId", "%v", err)
		}
		if len(v.VSwitchIds) == 0 {
			return invalidArg("vpcConfig.vSwitchIds", "is empty; give at least one vSwitch of the VPC")
		}
		for i, id := range v.VSwitchIds {
			if err := fcspec.CheckVSwitchID(dara.StringValue(id)); err != nil {
				return invalidArg(fmt.Sprintf("vpcConfig.vSwitchIds[%d]", i), "%v", err)
			}
		}
		if err := fcspec.CheckSecurityGroupID(dara.StringValue(v.SecurityGroupId)); err != nil {
			return invalidArg("vpcConfig.securityGroupId", "%v", err)
		}
	}
	if g := f.LogConfig; g != nil && (dara.StringValue(g.Project) != "" || dara.StringValue(g.Logstore) != "") {
		if err := fcspec.CheckLogProject(dara.StringValue(g.Project)); err != nil {
			return invalidArg("logConfig.project", "%v", err)
		}
		if err := fcspec.CheckLogstore(dara.StringValue(g.Logstore)); err != nil {
			return invalidArg("logConfig.logstore", "%v", err)
		}
	}
	if c := f.InstanceLifecycleConfig; c != nil {
		if err := checkHook("instanceLifecycleConfig.initializer", c.Initializer, fcspec.CheckInitializerTimeout); err != nil {
			return err
		}
		return checkHook("instanceLifecycleConfig.preStop", c.PreStop, fcspec.CheckPreStopTimeout)
	}
	return nil
}

func checkHook(field string, h *fc.LifecycleHook, checkTimeout func(int) error) error {
	if h == nil || h.Timeout == nil {
		return nil
	}
	if err := checkTimeout(int(*h.Timeout)); err != nil {
		return invalidArg(field+".timeout", "%v", err)
	}
	return nil
}
