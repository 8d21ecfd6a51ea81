package controlapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func TestNotFoundAndConflicts(t *testing.T) {
	e := newEnv(t)
	e.create(fnInput("chat", zipOf(t, "v1")))
	e.createTrigger("chat", "ws", `{"methods":["GET"]}`)
	nope, ws := dara.String("nope"), dara.String("ws")
	calls := []struct {
		name   string
		call   func() error
		code   string
		status int
	}{
		{"GetFunction", func() error { _, err := e.client.GetFunction(nope, &fc.GetFunctionRequest{}); return err }, "FunctionNotFound", 404},
		{"UpdateFunction", func() error {
			_, err := e.client.UpdateFunction(nope, &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{Timeout: dara.Int32(5)}})
			return err
		}, "FunctionNotFound", 404},
		{"DeleteFunction", func() error { _, err := e.client.DeleteFunction(nope); return err }, "FunctionNotFound", 404},
		{"GetFunctionCode", func() error { _, err := e.client.GetFunctionCode(nope, &fc.GetFunctionCodeRequest{}); return err }, "FunctionNotFound", 404},
		{"CreateTrigger on a missing function", func() error {
			_, err := e.client.CreateTrigger(nope, &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
				TriggerName: ws, TriggerType: dara.String("http"), TriggerConfig: dara.String(`{"methods":["GET"]}`)}})
			return err
		}, "FunctionNotFound", 404},
		{"ListTriggers", func() error { _, err := e.client.ListTriggers(nope, &fc.ListTriggersRequest{}); return err }, "FunctionNotFound", 404},
		{"GetTrigger of a missing function", func() error { _, err := e.client.GetTrigger(nope, ws); return err }, "FunctionNotFound", 404},
		{"GetTrigger", func() error { _, err := e.client.GetTrigger(dara.String("chat"), nope); return err }, "TriggerNotFound", 404},
		{"UpdateTrigger", func() error {
			_, err := e.client.UpdateTrigger(dara.String("chat"), nope, &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{Description: dara.String("d")}})
			return err
		}, "TriggerNotFound", 404},
		{"DeleteTrigger", func() error { _, err := e.client.DeleteTrigger(dara.String("chat"), nope); return err }, "TriggerNotFound", 404},
		{"PutConcurrencyConfig", func() error {
			_, err := e.client.PutConcurrencyConfig(nope, &fc.PutConcurrencyConfigRequest{Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(1)}})
			return err
		}, "FunctionNotFound", 404},
		{"GetConcurrencyConfig", func() error { _, err := e.client.GetConcurrencyConfig(nope); return err }, "FunctionNotFound", 404},
		{"CreateFunction twice", func() error {
			_, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: fnInput("chat", zipOf(t, "v2"))})
			return err
		}, "FunctionAlreadyExists", 409},
		{"CreateTrigger twice", func() error {
			_, err := e.client.CreateTrigger(dara.String("chat"), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
				TriggerName: ws, TriggerType: dara.String("http"), TriggerConfig: dara.String(`{"methods":["POST"]}`)}})
			return err
		}, "TriggerAlreadyExists", 409},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			se := sdkErr(t, c.call(), c.code, c.status)
			var body struct{ Code, Message, RequestId string }
			raw := dara.StringValue(se.Data) // the raw JSON body
			if err := json.Unmarshal([]byte(raw), &body); err != nil || body.Code != c.code || body.RequestId == "" || body.Message == "" {
				t.Errorf("error body %s: want FC's {Code, Message, RequestId}", raw)
			}
		})
	}
	// A refused second create left the first function and its code alone.
	f, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
	if err != nil || dara.StringValue(f.Body.CodeChecksum) != fcspec.CodeChecksum(zipOf(t, "v1")) {
		t.Errorf("after a refused create: %v, %v", f, err)
	}
}

func TestInvalidArgumentsNameTheField(t *testing.T) {
	e := newEnv(t)
	good := zipOf(t, "ok")
	s, i32, f32 := dara.String, dara.Int32, dara.Float32
	evil := mkZip(t, map[string]string{"../escape": "x"})
	cases := []struct {
		name  string
		edit  func(*fc.CreateFunctionInput)
		field string
	}{
		{"name with a dot", func(in *fc.CreateFunctionInput) { in.FunctionName = s("a.b") }, "functionName"},
		{"name starting with a digit", func(in *fc.CreateFunctionInput) { in.FunctionName = s("1abc") }, "functionName"},
		{"name starting with a dash", func(in *fc.CreateFunctionInput) { in.FunctionName = s("-abc") }, "functionName"},
		{"name of 65 characters", func(in *fc.CreateFunctionInput) { in.FunctionName = s(strings.Repeat("a", 65)) }, "functionName"},
		{"no name", func(in *fc.CreateFunctionInput) { in.FunctionName = nil }, "functionName"},
		{"no runtime", func(in *fc.CreateFunctionInput) { in.Runtime = nil }, "runtime"},
		{"unknown runtime", func(in *fc.CreateFunctionInput) { in.Runtime = s("cobol") }, "runtime"},
		{"no handler", func(in *fc.CreateFunctionInput) { in.Handler = nil }, "handler"},
		{"timeout 0", func(in *fc.CreateFunctionInput) { in.Timeout = i32(0) }, "timeout"},
		{"timeout 86401", func(in *fc.CreateFunctionInput) { in.Timeout = i32(86401) }, "timeout"},
		{"instanceConcurrency 0", func(in *fc.CreateFunctionInput) { in.InstanceConcurrency = i32(0) }, "instanceConcurrency"},
		{"instanceConcurrency 201", func(in *fc.CreateFunctionInput) { in.InstanceConcurrency = i32(201) }, "instanceConcurrency"},
		{"memorySize 64", func(in *fc.CreateFunctionInput) { in.MemorySize = i32(64) }, "memorySize"},
		{"memorySize 32832", func(in *fc.CreateFunctionInput) { in.MemorySize = i32(32832) }, "memorySize"},
		{"memorySize off step", func(in *fc.CreateFunctionInput) { in.MemorySize = i32(500) }, "memorySize"},
		{"cpu 0.01", func(in *fc.CreateFunctionInput) { in.Cpu = f32(0.01) }, "cpu"},
		{"cpu 17", func(in *fc.CreateFunctionInput) { in.Cpu = f32(17) }, "cpu"},
		{"cpu off step", func(in *fc.CreateFunctionInput) { in.Cpu = f32(0.33) }, "cpu"},
		{"cpu:memory above 1:1", func(in *fc.CreateFunctionInput) { in.Cpu, in.MemorySize = f32(2), i32(1024) }, "cpu"},
		{"cpu:memory below 1:4", func(in *fc.CreateFunctionInput) { in.Cpu, in.MemorySize = f32(0.5), i32(4096) }, "cpu"},
		{"diskSize 1024", func(in *fc.CreateFunctionInput) { in.DiskSize = i32(1024) }, "diskSize"},
		{"description too long", func(in *fc.CreateFunctionInput) { in.Description = s(strings.Repeat("d", 257)) }, "description"},
		{"env FC_ prefix", func(in *fc.CreateFunctionInput) { in.EnvironmentVariables = map[string]*string{"FC_X": s("1")} }, "environmentVariables"},
		{"env bad key", func(in *fc.CreateFunctionInput) { in.EnvironmentVariables = map[string]*string{"A-B": s("1")} }, "environmentVariables"},
		{"env over 4 KB", func(in *fc.CreateFunctionInput) {
			in.EnvironmentVariables = map[string]*string{"BIG": s(strings.Repeat("x", 4096))}
		}, "environmentVariables"},
		{"env null value", func(in *fc.CreateFunctionInput) { in.EnvironmentVariables = map[string]*string{"K": nil} }, "environmentVariables.K"},
		{"port 0", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Port: i32(0)}
		}, "customRuntimeConfig.port"},
		{"port 65536", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Port: i32(65536)}
		}, "customRuntimeConfig.port"},
		{"health check timeout 5", func(in *fc.CreateFunctionInput) {
			in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{HealthCheckConfig: &fc.CustomHealthCheckConfig{TimeoutSeconds: i32(5)}}
		}, "customRuntimeConfig.healthCheckConfig.timeoutSeconds"},
		{"container without image", func(in *fc.CreateFunctionInput) {
			in.Runtime, in.Code = s("custom-container"), nil
		}, "customContainerConfig.image"},
		{"no code", func(in *fc.CreateFunctionInput) { in.Code = nil }, "code"},
		{"code in OSS", func(in *fc.CreateFunctionInput) {
			in.Code = &fc.InputCodeLocation{OssBucketName: s("b"), OssObjectName: s("o")}
		}, "code.ossBucketName"},
		{"code not base64", func(in *fc.CreateFunctionInput) { in.Code.ZipFile = s("%%%") }, "code.zipFile"},
		{"code not a zip", func(in *fc.CreateFunctionInput) { in.Code.ZipFile = b64([]byte("hello")) }, "code.zipFile"},
		{"code escaping its directory", func(in *fc.CreateFunctionInput) { in.Code.ZipFile = b64(evil) }, "code.zipFile"},
		{"code checksum mismatch", func(in *fc.CreateFunctionInput) { in.Code.Checksum = s("123") }, "code.checksum"},
		{"layer not an ARN", func(in *fc.CreateFunctionInput) { in.Layers = []*string{s("x:1")} }, "layers"},
		{"layer twice", func(in *fc.CreateFunctionInput) {
			in.Layers = []*string{s("acs:fc:cn-hangzhou:1:layers/x/versions/1"), s("acs:fc:cn-hangzhou:1:layers/x/versions/1")}
		}, "layers"},
		{"role not an ARN", func(in *fc.CreateFunctionInput) { in.Role = s("AliyunFCDefaultRole") }, "role"},
		{"vpc without vswitch", func(in *fc.CreateFunctionInput) {
			in.VpcConfig = &fc.VPCConfig{VpcId: s("vpc-1"), SecurityGroupId: s("sg-1")}
		}, "vpcConfig.vSwitchIds"},
		{"logstore invalid", func(in *fc.CreateFunctionInput) {
			in.LogConfig = &fc.LogConfig{Project: s("proj"), Logstore: s("X")}
		}, "logConfig.logstore"},
		{"pre-stop over 90 s", func(in *fc.CreateFunctionInput) {
			in.InstanceLifecycleConfig = &fc.InstanceLifecycleConfig{PreStop: &fc.LifecycleHook{Handler: s("true"), Timeout: i32(91)}}
		}, "instanceLifecycleConfig.preStop.timeout"},
		{"duplicate tag", func(in *fc.CreateFunctionInput) {
			in.Tags = []*fc.Tag{{Key: s("k"), Value: s("1")}, {Key: s("k"), Value: s("2")}}
		}, "tags[1].Key"},
		{"tag without key", func(in *fc.CreateFunctionInput) { in.Tags = []*fc.Tag{{Value: s("1")}} }, "tags[0].Key"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := fnInput(fmt.Sprintf("f%d", i), good)
			c.edit(in)
			_, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: in})
			se := sdkErr(t, err, "InvalidArgument", http.StatusBadRequest)
			if msg := dara.StringValue(se.Message); !strings.Contains(msg, c.field+" ") && !strings.Contains(msg, c.field+":") {
				t.Errorf("message %q does not name %s", msg, c.field)
			}
		})
	}
	list, err := e.client.ListFunctions(&fc.ListFunctionsRequest{})
	if err != nil || len(list.Body.Functions) != 0 {
		t.Errorf("refused creates left functions: %v", err)
	}
	if ids, _ := e.h.cfg.Code.FunctionIDs(); len(ids) != 0 {
		t.Errorf("refused creates left code: %v", ids)
	}

	// The same rules hold on update, on the merged result.
	e.create(fnInput("f", good))
	_, err = e.client.UpdateFunction(dara.String("f"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{MemorySize: dara.Int32(4096)}})
	if se := sdkErr(t, err, "InvalidArgument", 400); !strings.Contains(dara.StringValue(se.Message), "cpu") {
		t.Errorf("memory 4096 with the default cpu 0.35: %s", dara.StringValue(se.Message))
	}
	_, err = e.client.UpdateFunction(dara.String("f"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		Timeout: dara.Int32(0), Code: &fc.InputCodeLocation{ZipFile: b64(zipOf(t, "new"))}}})
	sdkErr(t, err, "InvalidArgument", 400)
	if got, _ := e.client.GetFunction(dara.String("f"), &fc.GetFunctionRequest{}); dara.StringValue(got.Body.CodeChecksum) != fcspec.CodeChecksum(good) {
		t.Error("a refused update changed the code")
	}
	if ids, _ := e.h.cfg.Code.FunctionIDs(); len(ids) != 1 {
		t.Errorf("code dirs after a refused update: %v", ids)
	}
}

func TestWrongJSONTypeNamesTheField(t *testing.T) {
	e := newEnv(t)
	cases := map[string]string{
		`{"functionName":"f","timeout":"long"}`:                   "timeout",
		`{"functionName":"f","customRuntimeConfig":{"port":1.5}}`: "customRuntimeConfig.port",
		`{"functionName":"f","environmentVariables":[]}`:          "environmentVariables",
		// Issue 13 item 11: an object where a string belongs, before and
		// after the name, is a wrong type, not a missing name.
		`{"description":{"a":1},"functionName":"f"}`: "description",
		`{"functionName":"f","description":{"a":1}}`: "description",
		`{"description":{"functionName":"g"}}`:       "description",
		`[1,2]`:                                      "body",
		`{"functionName"`:                            "body",
	}
	for body, field := range cases {
		rec := e.raw("POST", "/2023-03-30/functions", body)
		var got struct{ Code, Message, RequestId string }
		json.Unmarshal(rec.Body.Bytes(), &got)
		if rec.Code != 400 || got.Code != "InvalidArgument" || !strings.HasPrefix(got.Message, field) || got.RequestId == "" {
			t.Errorf("%s: %d %+v, want 400 InvalidArgument naming %s", body, rec.Code, got, field)
		}
		if rec.Header().Get("x-acs-request-id") != got.RequestId {
			t.Errorf("%s: header request id %q, body %q", body, rec.Header().Get("x-acs-request-id"), got.RequestId)
		}
	}
}

func TestPathNotSupported(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/2023-03-30/layers", "/", "/2023-03-30/functions/f/versions"} {
		rec := e.raw("GET", p, "")
		var got struct{ Code, Message, RequestId string }
		json.Unmarshal(rec.Body.Bytes(), &got)
		if rec.Code != 400 || got.Code != "PathNotSupported" || got.RequestId == "" || rec.Header().Get("x-acs-request-id") == "" {
			t.Errorf("GET %s: %d %s", p, rec.Code, rec.Body)
		}
	}
	if rec := e.raw("PATCH", "/2023-03-30/functions", ""); rec.Code != 400 || !strings.Contains(rec.Body.String(), "PathNotSupported") {
		t.Errorf("PATCH: %d %s", rec.Code, rec.Body)
	}
}

func TestSignatureRequired(t *testing.T) {
	e := newEnv(t)
	wrong := newClient(t, e.srv.Listener.Addr().String(), testAK, "not-the-secret")
	_, err := wrong.ListFunctions(&fc.ListFunctionsRequest{})
	sdkErr(t, err, "SignatureDoesNotMatch", 400)
	stranger := newClient(t, e.srv.Listener.Addr().String(), "LTAI-unknown", testSecret)
	_, err = stranger.GetFunction(dara.String("f"), &fc.GetFunctionRequest{})
	sdkErr(t, err, "InvalidAccessKeyId.NotFound", 404)

	resp, err := http.Post(e.srv.URL+"/2023-03-30/functions", "application/json", strings.NewReader(`{"functionName":"f"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("x-acs-request-id") == "" {
		t.Errorf("unsigned request: %d", resp.StatusCode)
	}
	if list, err := e.client.ListFunctions(&fc.ListFunctionsRequest{}); err != nil || len(list.Body.Functions) != 0 {
		t.Errorf("refused requests changed state: %v", err)
	}
}

func TestEntityTooLarge(t *testing.T) {
	e := newEnv(t)
	e.h.cfg.Code.Limits.MaxArchiveBytes = 10 // body limit = base64(10) + 1 MiB
	body := `{"functionName":"f","pad":"` + strings.Repeat("x", 1<<20+100) + `"}`
	rec := httpRecorder(e.h, "POST", "/2023-03-30/functions", body)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "EntityTooLarge") {
		t.Errorf("oversized body: %d %.200s", rec.Code, rec.Body)
	}
}

// TestConcurrentCreatesOfOneName checks that the name is taken once: one
// create succeeds, the others get FunctionAlreadyExists, and one code
// directory remains.
func TestConcurrentCreatesOfOneName(t *testing.T) {
	e := newEnv(t)
	errs := race(8, func(i int) error {
		_, err := e.client.CreateFunction(&fc.CreateFunctionRequest{Body: fnInput("race", zipOf(t, fmt.Sprint(i)))})
		return err
	})
	if ok := winners(t, errs, "FunctionAlreadyExists"); ok != 1 {
		t.Errorf("%d creates succeeded, want 1", ok)
	}
	if ids, _ := e.h.cfg.Code.FunctionIDs(); len(ids) != 1 {
		t.Errorf("code dirs: %v", ids)
	}
}

// winners counts the racing calls that succeeded; each other one must have
// failed with FC's code.
func winners(t *testing.T, errs []error, code string) int {
	t.Helper()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if se, isSDK := err.(*tea.SDKError); !isSDK || dara.StringValue(se.Code) != code {
			t.Errorf("concurrent create: %v, want %s", err, code)
		}
	}
	return ok
}

// race runs n calls at once and returns their errors.
func race(n int, call func(i int) error) []error {
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = call(i)
		}()
	}
	wg.Wait()
	return errs
}
