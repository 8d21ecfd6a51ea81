package aliyun

import (
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"

	"github.com/wsdeploy/wsdeploy/providers"
)

// An update clears a health check with an empty healthCheckConfig only
// when the function has one to clear, in both kinds of runtime, so FC
// never sees an empty one it might refuse for nothing.
func TestUpdateSendsAnEmptyHealthCheckOnlyToRemoveOne(t *testing.T) {
	checked := func(runtime string) *fc.Function {
		f := wsFunction("chat", "demo")
		f.Runtime = runtime
		f.Container = &providers.Container{Image: "registry.cn-hangzhou.aliyuncs.com/ns/app:1"}
		in, err := createInput(f)
		if err != nil {
			t.Fatal(err)
		}
		return &fc.Function{Runtime: in.Runtime, CustomRuntimeConfig: in.CustomRuntimeConfig, CustomContainerConfig: in.CustomContainerConfig}
	}
	sent := func(in *fc.UpdateFunctionInput) *fc.CustomHealthCheckConfig {
		if in.CustomContainerConfig != nil {
			return in.CustomContainerConfig.HealthCheckConfig
		}
		return in.CustomRuntimeConfig.HealthCheckConfig
	}
	for _, runtime := range []string{"custom.debian12", "custom-container"} {
		want := wsFunction("chat", "demo")
		want.Runtime, want.HealthCheck = runtime, nil
		want.Container = &providers.Container{Image: "registry.cn-hangzhou.aliyuncs.com/ns/app:1"}
		if h := sent(updateInput(want, checked(runtime))); h == nil || *h != (fc.CustomHealthCheckConfig{}) {
			t.Errorf("%s: removing a health check sends %v, want {}", runtime, h)
		}
		if h := sent(updateInput(want, &fc.Function{Runtime: &runtime})); h != nil {
			t.Errorf("%s: with no health check to remove, the body has %v, want none", runtime, h)
		}
	}
}
