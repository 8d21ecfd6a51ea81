package controlapi

import (
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCreateFunctionFillsWhatFCFills(t *testing.T) {
	e := newEnv(t)
	code := zipOf(t, "v1")
	f := e.create(fnInput("chat", code))

	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	checks := []struct {
		field     string
		got, want any
	}{
		{"functionArn", dara.StringValue(f.FunctionArn), "acs:fc:cn-hangzhou:1234567890:functions/chat"},
		{"functionId is a UUID", uuid.MatchString(dara.StringValue(f.FunctionId)), true},
		{"createdTime", dara.StringValue(f.CreatedTime), "2024-05-01T08:15:27Z"},
		{"lastModifiedTime", dara.StringValue(f.LastModifiedTime), "2024-05-01T08:15:27Z"},
		{"state", dara.StringValue(f.State), "Active"},
		{"lastUpdateStatus", dara.StringValue(f.LastUpdateStatus), "Successful"},
		{"codeChecksum", dara.StringValue(f.CodeChecksum), fcspec.CodeChecksum(code)},
		{"codeSize", dara.Int64Value(f.CodeSize), int64(len(code))},
		{"timeout", dara.Int32Value(f.Timeout), int32(3)},
		{"instanceConcurrency", dara.Int32Value(f.InstanceConcurrency), int32(1)},
		{"memorySize", dara.Int32Value(f.MemorySize), int32(512)},
		{"cpu", dara.Float32Value(f.Cpu), float32(0.35)},
		{"diskSize", dara.Int32Value(f.DiskSize), int32(512)},
		{"customRuntimeConfig.port", dara.Int32Value(f.CustomRuntimeConfig.GetPort()), int32(9000)},
		{"handler", dara.StringValue(f.Handler), "index.handler"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.field, c.got, c.want)
		}
	}

	got, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{Qualifier: dara.String("LATEST")})
	if err != nil {
		t.Fatal(err)
	}
	if jsonText(t, got.Body) != jsonText(t, f) {
		t.Errorf("GetFunction differs from CreateFunction's answer:\n%s\n%s", jsonText(t, got.Body), jsonText(t, f))
	}
	if id := got.Headers["x-acs-request-id"]; dara.StringValue(id) == "" {
		t.Error("no x-acs-request-id on a success")
	}

	dir := e.h.CodeDir(f)
	fi, err := os.Stat(filepath.Join(dir, "bootstrap"))
	if err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Errorf("unpacked bootstrap: %v, mode %v", err, fi.Mode())
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "lib/data.txt")); string(b) != "v1" {
		t.Errorf("unpacked lib/data.txt = %q", b)
	}
	if ev := e.takeEvents(); len(ev) != 1 || ev[0].Kind != FunctionCreated || ev[0].Function != "chat" || !ev[0].Time.Equal(e.now) {
		t.Errorf("events = %+v", ev)
	}
}

func TestCreateFunctionDerivesCPUFromMemory(t *testing.T) {
	e := newEnv(t)
	in := fnInput("big", zipOf(t, "x"))
	in.MemorySize = dara.Int32(2048)
	if f := e.create(in); dara.Float32Value(f.Cpu) != 1 {
		t.Errorf("cpu for 2048 MB = %v, want 1 (a 1:2 ratio, inside FC's 1:1..1:4)", dara.Float32Value(f.Cpu))
	}
}

func TestUpdateKeepsUnspecifiedFields(t *testing.T) {
	e := newEnv(t)
	in := fnInput("chat", zipOf(t, "v1"))
	in.Timeout = dara.Int32(600)
	in.Description = dara.String("first")
	in.EnvironmentVariables = map[string]*string{"REDIS_URL": dara.String("redis://x")}
	in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{Command: []*string{dara.String("./server")}, Port: dara.Int32(8080)}
	in.InstanceConcurrency = dara.Int32(20)
	in.Tags = []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String("demo")}}
	before := e.create(in)
	e.takeEvents()
	e.advance(time.Minute)

	// The SDK sends environmentVariables, layers, ... as null: "not given".
	resp, err := e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		Description: dara.String("second"),
	}})
	if err != nil {
		t.Fatal(err)
	}
	after := resp.Body
	if dara.StringValue(after.Description) != "second" {
		t.Errorf("description not updated: %v", dara.StringValue(after.Description))
	}
	before.Description, before.LastModifiedTime = after.Description, after.LastModifiedTime
	if jsonText(t, after) != jsonText(t, before) {
		t.Errorf("update changed unspecified fields:\n got %s\nwant %s", jsonText(t, after), jsonText(t, before))
	}
	if dara.StringValue(after.LastModifiedTime) != "2024-05-01T08:16:27Z" || dara.StringValue(after.CreatedTime) != "2024-05-01T08:15:27Z" {
		t.Errorf("times after update: created %s modified %s", dara.StringValue(after.CreatedTime), dara.StringValue(after.LastModifiedTime))
	}

	// A given map replaces the old one; a given nested object is merged
	// field by field, so the port it leaves out stays.
	resp, err = e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
		EnvironmentVariables: map[string]*string{"OTHER": dara.String("1")},
		CustomRuntimeConfig:  &fc.CustomRuntimeConfig{Command: []*string{dara.String("./v2")}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	f := resp.Body
	if len(f.EnvironmentVariables) != 1 || dara.StringValue(f.EnvironmentVariables["OTHER"]) != "1" {
		t.Errorf("environment = %v", jsonText(t, f.EnvironmentVariables))
	}
	if dara.Int32Value(f.CustomRuntimeConfig.Port) != 8080 || dara.StringValue(f.CustomRuntimeConfig.Command[0]) != "./v2" {
		t.Errorf("customRuntimeConfig = %s", jsonText(t, f.CustomRuntimeConfig))
	}
	if dara.Int32Value(f.Timeout) != 600 || len(f.Tags) != 1 {
		t.Errorf("timeout %d, tags %v after second update", dara.Int32Value(f.Timeout), jsonText(t, f.Tags))
	}
	ev := e.takeEvents()
	if len(ev) != 2 || ev[0].Kind != FunctionUpdated || ev[0].CodeChanged {
		t.Errorf("events = %+v, want two FunctionUpdated without code change", ev)
	}
}

// FC keeps a nested object or list that an update leaves out, inside a
// given object too; only an explicitly empty value clears it. Each step
// is an UpdateFunction body as sent on the wire, and what GetFunction
// shows after it.
func TestUpdateMergesNestedObjectsAndClearsOnlyWhatIsSentEmpty(t *testing.T) {
	e := newEnv(t)
	in := fnInput("chat", zipOf(t, "v1"))
	in.EnvironmentVariables = map[string]*string{"A": dara.String("1"), "B": dara.String("2")}
	in.CustomRuntimeConfig = &fc.CustomRuntimeConfig{
		Command: dara.StringSlice([]string{"./server"}), Args: dara.StringSlice([]string{"-v"}), Port: dara.Int32(8080),
		HealthCheckConfig: &fc.CustomHealthCheckConfig{HttpGetUrl: dara.String("/healthz"), TimeoutSeconds: dara.Int32(2)},
	}
	e.create(in)

	const (
		all     = `{"args":["-v"],"command":["./server"],"healthCheckConfig":{"httpGetUrl":"/healthz","timeoutSeconds":2},"port":8080}`
		env     = `{"A":"1","B":"2"}`
		noCheck = `{"args":["-v"],"command":["./server"],"port":8080}`
	)
	steps := []struct {
		name, body       string
		wantCRC, wantEnv string
	}{
		{"nothing given keeps everything", `{"description":"x"}`, all, env},
		{"nulls keep everything", `{"customRuntimeConfig":null,"environmentVariables":null,"layers":null}`, all, env},
		{"an object without the health check keeps it", `{"customRuntimeConfig":{"port":8080}}`, all, env},
		{"a health check field is merged", `{"customRuntimeConfig":{"healthCheckConfig":{"timeoutSeconds":3}}}`,
			`{"args":["-v"],"command":["./server"],"healthCheckConfig":{"httpGetUrl":"/healthz","timeoutSeconds":3},"port":8080}`, env},
		{"a map is replaced whole", `{"environmentVariables":{"A":"1"}}`,
			`{"args":["-v"],"command":["./server"],"healthCheckConfig":{"httpGetUrl":"/healthz","timeoutSeconds":3},"port":8080}`, `{"A":"1"}`},
		{"an empty health check clears it", `{"customRuntimeConfig":{"healthCheckConfig":{}}}`, noCheck, `{"A":"1"}`},
		{"empty lists and map clear them", `{"customRuntimeConfig":{"command":[],"args":[]},"environmentVariables":{}}`,
			`{"args":[],"command":[],"port":8080}`, `{}`},
		{"an empty object clears it, and FC's defaults come back", `{"customRuntimeConfig":{}}`, `{"args":null,"command":null,"port":9000}`, `{}`},
	}
	for _, st := range steps {
		if rec := e.raw(http.MethodPut, "/2023-03-30/functions/chat", st.body); rec.Code != http.StatusOK {
			t.Fatalf("%s: UpdateFunction %s: %d %s", st.name, st.body, rec.Code, rec.Body)
		}
		resp, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
		if err != nil {
			t.Fatal(err)
		}
		f := resp.Body
		if got := jsonText(t, f.CustomRuntimeConfig); got != st.wantCRC {
			t.Errorf("%s: customRuntimeConfig = %s, want %s", st.name, got, st.wantCRC)
		}
		if got := jsonText(t, f.EnvironmentVariables); got != st.wantEnv {
			t.Errorf("%s: environmentVariables = %s, want %s", st.name, got, st.wantEnv)
		}
	}
}

func TestCodeUpdateChangesChecksumAndKeepsOneOldVersion(t *testing.T) {
	e := newEnv(t)
	v1, v2, v3 := zipOf(t, "v1"), zipOf(t, "v2"), zipOf(t, "v3")
	f1 := e.create(fnInput("chat", v1))
	e.takeEvents()

	update := func(code []byte) *fc.Function {
		t.Helper()
		resp, err := e.client.UpdateFunction(dara.String("chat"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
			Code: &fc.InputCodeLocation{ZipFile: b64(code), Checksum: dara.String(fcspec.CodeChecksum(code))},
		}})
		if err != nil {
			t.Fatal(err)
		}
		return resp.Body
	}
	f2 := update(v2)
	if dara.StringValue(f2.CodeChecksum) != fcspec.CodeChecksum(v2) || dara.StringValue(f2.CodeChecksum) == dara.StringValue(f1.CodeChecksum) {
		t.Fatalf("checksum after code update = %s (v1 %s, v2 %s)", dara.StringValue(f2.CodeChecksum), dara.StringValue(f1.CodeChecksum), fcspec.CodeChecksum(v2))
	}
	if b, _ := os.ReadFile(filepath.Join(e.h.CodeDir(f2), "lib/data.txt")); string(b) != "v2" {
		t.Errorf("new code on disk = %q", b)
	}
	if _, err := os.Stat(e.h.CodeDir(f1)); err != nil {
		t.Errorf("previous version removed while instances may still run it: %v", err)
	}
	if ev := e.takeEvents(); len(ev) != 1 || !ev[0].CodeChanged {
		t.Errorf("events = %+v, want FunctionUpdated with CodeChanged", ev)
	}
	f3 := update(v3)
	if _, err := os.Stat(e.h.CodeDir(f1)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("version two updates old still on disk: %v", err)
	}
	if _, err := os.Stat(e.h.CodeDir(f2)); err != nil {
		t.Errorf("previous version removed: %v", err)
	}
	// Same code again: no change, no new version.
	if f := update(v3); dara.StringValue(f.CodeChecksum) != dara.StringValue(f3.CodeChecksum) {
		t.Error("same zip gave another checksum")
	}
	if ev := e.takeEvents(); len(ev) != 2 || ev[1].CodeChanged {
		t.Errorf("events = %+v, want the last without CodeChanged", ev)
	}

	code, err := e.client.GetFunctionCode(dara.String("chat"), &fc.GetFunctionCodeRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if dara.StringValue(code.Body.Checksum) != fcspec.CodeChecksum(v3) {
		t.Errorf("GetFunctionCode checksum %s, want %s", dara.StringValue(code.Body.Checksum), fcspec.CodeChecksum(v3))
	}
	url := dara.StringValue(code.Body.Url)
	if got := fetch(t, url); got.status != 200 || got.body != string(v3) {
		t.Errorf("download: %d, %d bytes (want the zip, %d bytes)", got.status, len(got.body), len(v3))
	}
	if got := fetch(t, strings.Replace(url, "Signature=", "Signature=00", 1)); got.status != http.StatusForbidden {
		t.Errorf("tampered download URL: %d", got.status)
	}
	e.advance(codeURLValidity + time.Second)
	if got := fetch(t, url); got.status != http.StatusForbidden || !strings.Contains(got.body, "expired") {
		t.Errorf("expired download URL: %d %s", got.status, got.body)
	}
}

type fetched struct {
	status int
	body   string
}

func fetch(t *testing.T, url string) fetched {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fetched{resp.StatusCode, string(b)}
}

func TestDeleteFunction(t *testing.T) {
	e := newEnv(t)
	f := e.create(fnInput("chat", zipOf(t, "v1")))
	e.createTrigger("chat", "ws", `{"methods":["GET"],"authType":"anonymous"}`)
	if _, err := e.client.PutConcurrencyConfig(dara.String("chat"), &fc.PutConcurrencyConfigRequest{Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(3)}}); err != nil {
		t.Fatal(err)
	}
	e.takeEvents()

	_, err := e.client.DeleteFunction(dara.String("chat"))
	sdkErr(t, err, "FunctionNotEmpty", http.StatusConflict)
	if _, err := e.client.DeleteTrigger(dara.String("chat"), dara.String("ws")); err != nil {
		t.Fatal(err)
	}
	resp, err := e.client.DeleteFunction(dara.String("chat"))
	if err != nil {
		t.Fatal(err)
	}
	if dara.Int32Value(resp.StatusCode) != http.StatusNoContent {
		t.Errorf("DeleteFunction status %d", dara.Int32Value(resp.StatusCode))
	}
	_, err = e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
	sdkErr(t, err, "FunctionNotFound", http.StatusNotFound)
	if _, err := os.Stat(filepath.Dir(e.h.CodeDir(f))); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("code of a deleted function is still on disk: %v", err)
	}
	var kinds []EventKind
	for _, ev := range e.takeEvents() {
		kinds = append(kinds, ev.Kind)
	}
	if jsonText(t, kinds) != `["TriggerDeleted","FunctionDeleted"]` {
		t.Errorf("events = %v", kinds)
	}
	// Recreated under the same name: a new id and none of the old config.
	f2 := e.create(fnInput("chat", zipOf(t, "v1")))
	if dara.StringValue(f2.FunctionId) == dara.StringValue(f.FunctionId) {
		t.Error("recreated function reuses the old id")
	}
	cc, err := e.client.GetConcurrencyConfig(dara.String("chat"))
	if err != nil || cc.Body.ReservedConcurrency != nil {
		t.Errorf("recreated function inherited concurrency: %v, %v", jsonText(t, cc.Body), err)
	}
}
