package controlapi

import (
	"net/http"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// TestFunctionRefusesWhatExecCannotCarry: a NUL byte in an environment
// value, a command or args element or the handler, or a control character
// in the health check's path, is refused by CreateFunction and
// UpdateFunction with FC's 400 InvalidArgument naming the field (the
// instance would otherwise fail at every start), without echoing the value.
func TestFunctionRefusesWhatExecCannotCarry(t *testing.T) {
	const secret = "s3cret\x00tail"
	cases := []struct {
		name, field string
		set         func(in *fc.CreateFunctionInput)
	}{
		{"env-value", "environmentVariables.API_TOKEN", func(in *fc.CreateFunctionInput) {
			in.EnvironmentVariables = map[string]*string{"OK": dara.String("1"), "API_TOKEN": dara.String(secret)}
		}},
		{"command", "customRuntimeConfig.command[1]", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Command: dara.StringSlice([]string{"python3", "/code/app\x00.py"})}
		}},
		{"args", "customRuntimeConfig.args[0]", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Command: dara.StringSlice([]string{"./server"}), Args: dara.StringSlice([]string{secret})}
		}},
		{"handler", "handler", func(in *fc.CreateFunctionInput) { in.Handler = dara.String("index\x00.handler") }},
		{"health-check-path", "customRuntimeConfig.healthCheckConfig.httpGetUrl", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{HealthCheckConfig: &fc.CustomHealthCheckConfig{HttpGetUrl: dara.String("/ready\r\nX-Fc-Request-Id: forged")}}
		}},
	}
	e := newEnv(t)
	e.create(fnInput("existing", zipOf(t, "v1")))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check := func(op string, err error) {
				t.Helper()
				se := sdkErr(t, err, "InvalidArgument", http.StatusBadRequest)
				msg := dara.StringValue(se.Message)
				if !strings.Contains(msg, c.field) {
					t.Errorf("%s: message %q does not name %s", op, msg, c.field)
				}
				if strings.Contains(msg, "s3cret") {
					t.Errorf("%s: message %q echoes the value", op, msg)
				}
			}
			in := fnInput("fn-"+c.name, zipOf(t, "v1"))
			c.set(in)
			_, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: in})
			check("CreateFunction", err)

			up := &fc.CreateFunctionInput{}
			c.set(up)
			_, err = e.client.UpdateFunction(dara.String("existing"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
				EnvironmentVariables: up.EnvironmentVariables, CustomRuntimeConfig: up.CustomRuntimeConfig, Handler: up.Handler,
			}})
			check("UpdateFunction", err)
		})
	}
}
