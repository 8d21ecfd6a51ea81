package instance

import (
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestEnvironment(t *testing.T) {
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-gateway")
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "secret")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("HTTPS_PROXY", "http://user:password@proxy:3128")
	t.Setenv("GITHUB_TOKEN", "ghp_x")
	t.Setenv("LANG", "C.UTF-8")
	t.Setenv("LC_TIME", "C")
	t.Setenv("TZ", "Asia/Shanghai")

	sink := newMemSink()
	s := spec(t, sink, "-printenv")
	s.Env = map[string]string{"REDIS_URL": "redis://127.0.0.1:6379", "FC_REGION": "forged"}
	s.Handler, s.MemoryMB, s.TimeoutSeconds = "index.handler", 1024, 60
	start(t, s)
	sink.waitLine(t, "ENVEND")

	got := map[string]string{}
	sink.mu.Lock()
	for _, e := range sink.entries {
		if kv, ok := strings.CutPrefix(e.Line, "ENV "); ok && e.Stream == Stdout {
			k, v, _ := strings.Cut(kv, "=")
			got[k] = v
		}
	}
	sink.mu.Unlock()

	port := strconv.Itoa(s.Port)
	want := map[string]string{
		"FC_FUNCTION_NAME":        "chat",
		"FC_REGION":               "cn-hangzhou",
		"FC_ACCOUNT_ID":           "1234567890",
		"FC_INSTANCE_ID":          s.InstanceID,
		"FC_FUNCTION_MEMORY_SIZE": "1024",
		"FC_FUNCTION_HANDLER":     "index.handler",
		"FC_RUNTIME":              "custom.debian12",
		"FC_TIMEOUT":              "60",
		"FC_FUNC_CODE_PATH":       s.CodeDir,
		"FC_SERVER_PORT":          port,
		"FC_CUSTOM_LISTEN_PORT":   port,
		"REDIS_URL":               "redis://127.0.0.1:6379",
		"PATH":                    defaultPath,
		"LANG":                    "C.UTF-8",
		"LC_TIME":                 "C",
		"TZ":                      "Asia/Shanghai",
	}
	for _, k := range []string{"PATH", "HOME", "USER", "LOGNAME", "LANGUAGE", "TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR"} {
		if v, ok := os.LookupEnv(k); ok {
			want[k] = v
		}
	}
	for _, kv := range os.Environ() {
		if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "LC_") {
			want[k] = v
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("environment:\n got %v\nwant %v", got, want)
	}
}

func TestInheritedNames(t *testing.T) {
	for name, ok := range map[string]bool{
		"PATH": true, "LC_ALL": true, "TZ": true,
		"ALIBABA_CLOUD_SECURITY_TOKEN": false, "AWS_ACCESS_KEY_ID": false,
		"HTTP_PROXY": false, "SSH_AUTH_SOCK": false, "PATHX": false, "LC": false,
	} {
		if inherited(name) != ok {
			t.Errorf("inherited(%q) = %v", name, !ok)
		}
	}
}
