package instance

import (
	"os"
	"sort"
	"strconv"
	"strings"
)

// InheritedEnv lists the only variables an instance takes from the gateway's
// environment: what programs need to find executables, a home, a locale, a
// time zone, a temporary directory and CA certificates. Everything else, in
// particular ALIBABA_CLOUD_* and other credentials, proxies (whose URLs may
// carry passwords) and tokens, stays out: on FC a function sees only FC's
// variables and its own.
var InheritedEnv = []string{
	"PATH", "HOME", "USER", "LOGNAME",
	"LANG", "LANGUAGE", "LC_*", "TZ",
	"TMPDIR", "SSL_CERT_FILE", "SSL_CERT_DIR",
}

// defaultPath is PATH when the gateway has none.
const defaultPath = "/usr/local/bin:/usr/bin:/bin"

// inherited reports whether the gateway's variable name passes InheritedEnv.
func inherited(name string) bool {
	for _, p := range InheritedEnv {
		if p == name || strings.HasSuffix(p, "*") && strings.HasPrefix(name, p[:len(p)-1]) {
			return true
		}
	}
	return false
}

// fcEnv is what FC itself sets (FC-REFERENCE.md section 2).
func fcEnv(s Spec) map[string]string {
	port := strconv.Itoa(s.Port)
	return map[string]string{
		"FC_FUNCTION_NAME":        s.Function,
		"FC_REGION":               s.Region,
		"FC_ACCOUNT_ID":           s.AccountID,
		"FC_INSTANCE_ID":          s.InstanceID,
		"FC_FUNCTION_MEMORY_SIZE": strconv.Itoa(s.MemoryMB),
		"FC_FUNCTION_HANDLER":     s.Handler,
		"FC_RUNTIME":              s.Runtime,
		"FC_TIMEOUT":              strconv.Itoa(s.TimeoutSeconds),
		"FC_FUNC_CODE_PATH":       codePath(s),
		"FC_SERVER_PORT":          port,
		"FC_CUSTOM_LISTEN_PORT":   port,
	}
}

// codePath is where the instance sees its code.
func codePath(s Spec) string {
	if s.Sandbox != nil {
		return fcCodePath
	}
	return s.CodeDir
}

// Environ returns the instance's environment, sorted: the inherited
// variables, overridden by the function's, overridden by FC's (FC reserves
// the FC_ prefix, so a function cannot fake them).
func Environ(s Spec, gateway []string) []string {
	m := map[string]string{"PATH": defaultPath}
	for _, kv := range gateway {
		if k, v, ok := strings.Cut(kv, "="); ok && inherited(k) {
			m[k] = v
		}
	}
	if s.Sandbox != nil {
		// The host's home and temporary directories are out of sight
		// inside; FC runs a custom runtime as root.
		m["HOME"] = "/root"
		delete(m, "TMPDIR")
	}
	for k, v := range s.Env {
		m[k] = v
	}
	for k, v := range fcEnv(s) {
		m[k] = v
	}
	env := make([]string, 0, len(m))
	for k, v := range m {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	return env
}

// environ is Environ of the gateway's own environment.
func environ(s Spec) []string { return Environ(s, os.Environ()) }
