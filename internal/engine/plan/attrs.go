package plan

import (
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// attr is one attribute of a resource, flattened: maps become one attr per
// key (environment.KEY), nested blocks one per field (health_check.x), so
// a diff names exactly what changed. Values are what JSON makes of a
// string, number, bool or list of strings.
type attr struct {
	path  string
	value any
}

// attrList builds the flat attributes of a resource, leaving out zero
// values (an empty description and no description are the same to FC).
type attrList []attr

func (l *attrList) add(path string, v any) {
	switch x := v.(type) {
	case string:
		if x == "" {
			return
		}
	case int:
		if x == 0 {
			return
		}
	case float64:
		if x == 0 {
			return
		}
	case bool:
		if !x {
			return
		}
	case []string:
		if len(x) == 0 {
			return
		}
	case *int: // reserved concurrency: 0 is meaningful, nil is "none"
		if x == nil {
			return
		}
		v = *x
	}
	*l = append(*l, attr{path: path, value: v})
}

func (l *attrList) addMap(prefix string, m map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		*l = append(*l, attr{path: prefix + "." + k, value: m[k]})
	}
}

// functionAttrs are f's managed attributes under their HCL names. The
// stack tag is left out: it is wsdeploy's bookkeeping, equal on both sides
// of every diff.
func functionAttrs(f *providers.Function) attrList {
	var l attrList
	l.add("name", f.Name)
	l.add("description", f.Description)
	l.add("runtime", f.Runtime)
	l.add("command", f.Command)
	l.add("args", f.Args)
	l.add("port", f.Port)
	l.add("memory_size", f.MemorySize)
	l.add("cpu", f.CPU)
	l.add("disk_size", f.DiskSize)
	l.add("timeout", f.Timeout)
	l.add("instance_concurrency", f.InstanceConcurrency)
	l.add("max_instances", f.MaxInstances)
	l.addMap("environment", f.Environment)
	tags := maps.Clone(f.Tags)
	delete(tags, providers.StackTag)
	l.addMap("tags", tags)
	if h := f.HealthCheck; h != nil {
		l.add("health_check.http_get_url", h.HTTPGetURL)
		l.add("health_check.initial_delay_seconds", h.InitialDelaySeconds)
		l.add("health_check.period_seconds", h.PeriodSeconds)
		l.add("health_check.timeout_seconds", h.TimeoutSeconds)
		l.add("health_check.failure_threshold", h.FailureThreshold)
		l.add("health_check.success_threshold", h.SuccessThreshold)
	}
	if c := f.Container; c != nil {
		l.add("container.image", c.Image)
		l.add("container.entrypoint", c.Entrypoint)
		l.add("container.command", c.Command)
	}
	l.add("role", f.Role)
	if v := f.VPC; v != nil {
		l.add("vpc.vpc_id", v.VPCID)
		l.add("vpc.vswitch_ids", v.VSwitchIDs)
		l.add("vpc.security_group_id", v.SecurityGroupID)
	}
	if g := f.Log; g != nil {
		l.add("log.project", g.Project)
		l.add("log.logstore", g.Logstore)
		l.add("log.request_metrics", g.RequestMetrics)
		l.add("log.instance_metrics", g.InstanceMetrics)
	}
	if ia := f.InternetAccess; ia != nil && !*ia { // FC's default, true, goes unsaid
		l = append(l, attr{path: "internet_access", value: false})
	}
	l.add("layers", f.Layers)
	if h := f.Lifecycle; h != nil {
		l.add("lifecycle.initializer_timeout", h.InitializerTimeout)
		l.add("lifecycle.pre_stop_timeout", h.PreStopTimeout)
	}
	if n := f.Provisioned; n != nil {
		l.add("provisioned.target", *n)
	}
	if a := f.SessionAffinity; a != nil && a.Type != "" && a.Type != fcspec.AffinityNone {
		l.add("session_affinity.type", affinityTypeHCL(a.Type))
		l.add("session_affinity.header", a.Header)
		l.add("session_affinity.sessions_per_instance", a.SessionsPerInstance)
		l.add("session_affinity.session_ttl", a.SessionTTL)
		l.add("session_affinity.session_idle_timeout", a.SessionIdleTimeout)
		l.add("session_affinity.disable_session_id_reuse", a.DisableSessionIDReuse)
	}
	return l
}

// affinityTypeHCL is FC's sessionAffinity as the stack writes it; a type
// wsdeploy does not configure (MCP's) shows as FC spells it.
func affinityTypeHCL(t string) string {
	switch t {
	case fcspec.AffinityHeaderField:
		return "header_field"
	case fcspec.AffinityCookie:
		return "cookie"
	}
	return t
}

func triggerAttrs(t *providers.HTTPTrigger) attrList {
	var l attrList
	l.add("methods", t.Methods)
	l.add("auth_type", t.AuthType)
	l.add("disable_url_internet", t.DisableURLInternet)
	l.add("description", t.Description)
	return l
}

// attrOrder ranks a path by its top-level attribute (the map or block it
// is in), so an attribute only one side has still lands where it belongs.
var attrOrder = map[string]int{}

func init() {
	for i, name := range []string{"name", "description", "runtime", "command", "args", "port", "memory_size", "cpu",
		"disk_size", "timeout", "instance_concurrency", "max_instances", "environment", "tags", "health_check", "container",
		"role", "vpc", "log", "internet_access", "layers", "lifecycle", "provisioned", "session_affinity",
		"methods", "auth_type", "disable_url_internet",
		"protocol", "tls_min_version", "tls_max_version", "tls_cipher_suites", "certificate", privateKeyAttr, "route"} {
		attrOrder[name] = i
	}
}

func group(path string) string {
	g, _, _ := strings.Cut(path, ".")
	return g
}

// masker decides which values a view may show.
type masker struct {
	secrets secrets
	// declaredEnv is the configuration's environment: a value under a key
	// it does not declare (removed, or of a function being deleted) is
	// masked, because nothing says it is not a secret.
	declaredEnv map[string]string
	sensitive   map[string]bool // environment keys declared sensitive
}

func (m masker) masks(path string, values ...any) bool {
	if path == privateKeyAttr {
		return true
	}
	if k, ok := strings.CutPrefix(path, "environment."); ok {
		if _, declared := m.declaredEnv[k]; !declared || m.sensitive[k] {
			return true
		}
	}
	for _, v := range values {
		switch x := v.(type) {
		case string:
			if m.secrets.in(x) {
				return true
			}
		case []string:
			for _, s := range x {
				if m.secrets.in(s) {
					return true
				}
			}
		case nil:
		default:
			if b, err := json.Marshal(x); err == nil && m.secrets.in(string(b)) {
				return true
			}
		}
	}
	return false
}

// diffAttrs lists what differs between before and after (either may be
// nil: every attribute is then added or removed), in attribute order.
func diffAttrs(before, after attrList, m masker) []Attribute {
	old := map[string]any{}
	for _, a := range before {
		old[a.path] = a.value
	}
	var out []Attribute
	seen := map[string]bool{}
	for _, a := range after {
		seen[a.path] = true
		o, had := old[a.path]
		switch {
		case !had:
			out = append(out, attribute(a.path, Create, nil, a.value, m))
		case !sameJSON(o, a.value):
			out = append(out, attribute(a.path, Update, o, a.value, m))
		}
	}
	for _, a := range before {
		if !seen[a.path] {
			out = append(out, attribute(a.path, Delete, a.value, nil, m))
		}
	}
	slices.SortStableFunc(out, func(x, y Attribute) int {
		if d := attrOrder[group(x.Path)] - attrOrder[group(y.Path)]; d != 0 {
			return d
		}
		return comparePaths(x.Path, y.Path)
	})
	return out
}

// comparePaths orders paths segment by segment, numbers by value, so
// that route.2 comes before route.10.
func comparePaths(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		c := strings.Compare(as[i], bs[i])
		if errx == nil && erry == nil {
			c = cmp.Compare(x, y)
		}
		if c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func attribute(path string, action Action, before, after any, m masker) Attribute {
	a := Attribute{Path: path, Action: action}
	if m.masks(path, before, after) {
		a.Sensitive = true
		return a
	}
	if before != nil {
		a.Before = mustJSON(before)
	}
	if after != nil {
		a.After = mustJSON(after)
	}
	return a
}

func sameJSON(a, b any) bool { return bytes.Equal(mustJSON(a), mustJSON(b)) }

// mustJSON encodes values built from strings, numbers, bools and string
// lists, which cannot fail.
func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
