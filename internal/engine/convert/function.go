package convert

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

type kind int

const (
	kStr kind = iota
	kNum
	kBool
	kList
	kMap
)

// fn translates one fc3 resource into a function block.
type fn struct {
	c     *converter
	b     *block
	where string // the resource key, for notes
	label string
}

// unsupported says why an fc3 prop has no wsdeploy counterpart.
var unsupported = map[string]string{
	"nasConfig":             "wsdeploy does not manage NAS mounts; mount the file system from your server, or keep this function in Serverless Devs",
	"ossMountConfig":        "wsdeploy does not manage OSS mounts; read the bucket through the OSS SDK from your server",
	"gpuConfig":             "wsdeploy does not deploy GPU functions",
	"tracingConfig":         "wsdeploy does not manage tracing (Managed Service for OpenTelemetry) settings",
	"asyncInvokeConfig":     "asynchronous invocation does not apply to a WebSocket server",
	"customDNS":             "wsdeploy does not manage custom DNS settings",
	"scalingConfig":         "wsdeploy manages provisioned instances (a provisioned block) but not scaling policies",
	"instanceIsolationMode": "wsdeploy does not manage instance isolation",
	"resourceGroupId":       "wsdeploy does not manage resource groups",
	"vpcBinding":            "wsdeploy does not manage VPC bindings of the trigger URL",
	"annotations":           "wsdeploy does not manage annotations",
	"enableLongLiving":      "wsdeploy does not manage this setting",
	"supplement":            "wsdeploy does not manage this setting",
	"endpoint":              "set the FC endpoint with endpoint in the provider \"aliyun\" block instead",
}

func (c *converter) function(r kv) {
	label := c.labels[r.key]
	f := &fn{c: c, b: c.functions.child("function", label), where: r.key, label: label}
	rp := c.pairs(r.val)
	for _, p := range rp {
		switch p.key {
		case "component", "props":
		case "actions":
			f.actions(p)
		default:
			c.skip(f.b, p.line, f.where, p.key, "a Serverless Devs resource setting wsdeploy has no counterpart for")
		}
	}
	props := c.pairs(get(rp, "props"))
	if n, ok := scalar(get(props, "functionName")); ok {
		c.byName[n] = label
	}
	affinity, _ := scalar(get(props, "sessionAffinity"))
	affinity = affinityType(affinity)
	for _, p := range props {
		f.prop(p, affinity != "")
	}
	if affinity != "" {
		f.sessionAffinity(affinity, get(props, "sessionAffinityConfig"), keyLine(props, "sessionAffinity"))
	}
}

func keyLine(ps []kv, key string) int {
	for _, p := range ps {
		if p.key == key {
			return p.line
		}
	}
	return 0
}

// simpleProps translate one to one into a function attribute.
var simpleProps = map[string]field{
	"memorySize": {"memory_size", kNum}, "cpu": {"cpu", kNum}, "diskSize": {"disk_size", kNum}, "timeout": {"timeout", kNum},
	"environmentVariables": {"environment", kMap}, "description": {"description", kStr}, "role": {"role", kStr},
	"internetAccess": {"internet_access", kBool}, "layers": {"layers", kList},
}

func (f *fn) prop(p kv, affinity bool) {
	b := f.b
	if fl, ok := simpleProps[p.key]; ok {
		f.attr(b, fl.name, p, fl.k)
		return
	}
	switch p.key {
	case "functionName":
		if s, ok := scalar(p.val); !ok || s != f.label {
			f.attr(b, "name", p, kStr)
		}
	case "region":
		f.region(p)
	case "runtime":
		f.runtime(p)
	case "code":
		f.code(p)
	case "handler":
		// FC ignores the handler of a custom runtime or container; a handler
		// runtime is explained with its runtime.
	case "customRuntimeConfig":
		f.runtimeConfig(p, false)
	case "customContainerConfig":
		f.runtimeConfig(p, true)
	case "instanceConcurrency":
		if s, _ := scalar(p.val); affinity && s != "200" {
			f.c.skip(b, p.line, f.where, "instanceConcurrency", "FC forces 200 on a function with session affinity, and wsdeploy refuses another value; bound sessions with sessions_per_instance")
			return
		}
		f.attr(b, "instance_concurrency", p, kNum)
	case "tags":
		f.tags(p)
	case "vpcConfig":
		f.nested(p, "vpc", map[string]field{"vpcId": {"vpc_id", kStr}, "vSwitchIds": {"vswitch_ids", kList}, "securityGroupId": {"security_group_id", kStr}})
	case "logConfig":
		f.nested(p, "log", map[string]field{"project": {"project", kStr}, "logstore": {"logstore", kStr},
			"enableRequestMetrics": {"request_metrics", kBool}, "enableInstanceMetrics": {"instance_metrics", kBool}})
	case "instanceLifecycleConfig":
		f.lifecycle(p)
	case "sessionAffinity":
		// Translated with its config once every prop is seen.
		if s, _ := scalar(p.val); !affinity && s != fcspec.AffinityNone && s != "" {
			f.c.skip(b, p.line, f.where, "sessionAffinity "+s, "wsdeploy supports HEADER_FIELD and GENERATED_COOKIE affinity")
		}
	case "sessionAffinityConfig":
	case "triggers":
		f.triggers(p)
	case "customDomain":
		f.c.domain(f, p)
	case "provisionConfig":
		f.nested(p, "provisioned", map[string]field{"defaultTarget": {"target", kNum}})
	case "concurrencyConfig":
		if rc := get(f.c.pairs(p.val), "reservedConcurrency"); rc != nil {
			f.attr(b, "max_instances", kv{"reservedConcurrency", rc.Line, rc}, kNum)
		}
	default:
		why, ok := unsupported[p.key]
		if !ok {
			why = "not an fc3 setting wsdeploy knows"
		}
		f.c.skip(b, p.line, f.where, p.key, why)
	}
}

// attr writes p's value as attribute name of b, when it has the kind the
// attribute needs; otherwise it says why it left it out.
func (f *fn) attr(b *block, name string, p kv, k kind) {
	n := deref(p.val)
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	v, bad := f.c.value(n, 0)
	single := n.Kind == yaml.ScalarNode && n.Tag == "!!str" && !strings.HasPrefix(v, `"`)
	ok := false
	switch k {
	case kStr:
		ok = n.Kind == yaml.ScalarNode
	case kNum:
		ok = single && len(bad) == 0 || n.Kind == yaml.ScalarNode && reNumber.MatchString(n.Value)
		if ok && !single {
			v = n.Value
		}
	case kBool:
		ok = single && len(bad) == 0 || n.Kind == yaml.ScalarNode && (n.Value == "true" || n.Value == "false")
		if ok && !single {
			v = n.Value
		}
	case kList:
		ok = n.Kind == yaml.SequenceNode || single
	case kMap:
		ok = n.Kind == yaml.MappingNode || single
	}
	if !ok {
		f.c.skip(b, p.line, f.where, p.key, fmt.Sprintf("%s is not %s", describe(n), kindName(k)))
		return
	}
	for _, e := range bad {
		f.c.skip(b, p.line, f.where, p.key+" "+e, "this Serverless Devs expression has no wsdeploy counterpart; it is kept as text")
	}
	b.set(name, v)
}

func kindName(k kind) string {
	return [...]string{"text", "a number", "true or false", "a list", "a mapping"}[k]
}

// field is where an fc3 key goes in a nested block.
type field struct {
	name string
	k    kind
}

// nested writes a block from a mapping whose keys translate one to one.
func (f *fn) nested(p kv, typ string, fields map[string]field) {
	ps := f.c.pairs(p.val)
	if ps == nil {
		why := fmt.Sprintf("%s is not a mapping", describe(p.val))
		if s, _ := scalar(p.val); s == "auto" {
			why = "\"auto\" lets Serverless Devs create the resources; wsdeploy needs existing ones: write their ids"
		}
		f.c.skip(f.b, p.line, f.where, p.key, why)
		return
	}
	b := f.b.child(typ)
	for _, q := range ps {
		fl, ok := fields[q.key]
		if !ok {
			if q.key == "logBeginRule" || q.key == "alwaysAllocateCPU" || q.key == "alwaysAllocateGPU" {
				if s, _ := scalar(q.val); s == "None" || s == "false" || s == "" {
					continue // the default
				}
			}
			f.c.skip(b, q.line, f.where, p.key+"."+q.key, "wsdeploy has no setting for it")
			continue
		}
		if s, _ := scalar(q.val); s == "auto" {
			f.c.skip(b, q.line, f.where, p.key+"."+q.key, "\"auto\" lets Serverless Devs create it; wsdeploy needs existing ids: write them")
			continue
		}
		f.attr(b, fl.name, q, fl.k)
	}
}

func (f *fn) region(p kv) {
	v, _ := f.c.value(p.val, 0)
	if f.c.region == "" {
		f.c.region = v
		f.c.head.child("provider", "aliyun").set("region", v)
		return
	}
	if v != f.c.region {
		f.c.skip(f.b, p.line, f.where, "region "+v, "a stack deploys to one region ("+f.c.region+", from the first function); convert this function into its own stack")
	}
}

func (f *fn) runtime(p kv) {
	s, ok := scalar(p.val)
	if ok && !slices.Contains(fcspec.WebSocketRuntimes, s) && !strings.Contains(s, "${") {
		f.b.set("runtime", quote(fcspec.DefaultRuntime))
		f.c.skip(f.b, p.line, f.where, "runtime "+s+" and its handler",
			"a built-in runtime calls a handler per request and cannot hold a WebSocket connection; this function becomes "+fcspec.DefaultRuntime+", whose program must be a server listening on 0.0.0.0:$FC_SERVER_PORT (started by ./bootstrap in the code directory, or by command)")
		return
	}
	f.attr(f.b, "runtime", p, kStr)
}

func (f *fn) code(p kv) {
	n := p.val
	if ps := f.c.pairs(n); ps != nil {
		if src := get(ps, "src"); src != nil {
			f.c.skip(f.b, p.line, f.where, "code.ossBucketName/ossObjectName", "wsdeploy uploads the code itself; only src is kept")
			n = src
		} else {
			f.c.skip(f.b, p.line, f.where, "code", "code in an OSS object: wsdeploy deploys code from a local directory; download it and set code to that directory")
			return
		}
	}
	s, ok := scalar(n)
	if ok && !strings.Contains(s, "${") {
		f.b.set("code", quote(f.c.path(s)))
		return
	}
	f.attr(f.b, "code", kv{p.key, p.line, n}, kStr)
}

// path is a path of the s.yaml as the stack directory sees it.
func (c *converter) path(s string) string {
	if c.in.Path == nil || filepath.IsAbs(s) {
		return s
	}
	return c.in.Path(s)
}

func (f *fn) runtimeConfig(p kv, container bool) {
	ps := f.c.pairs(p.val)
	if ps == nil {
		f.c.skip(f.b, p.line, f.where, p.key, describe(p.val)+" is not a mapping")
		return
	}
	var cb *block
	if container {
		cb = f.b.child("container")
	}
	for _, q := range ps {
		switch {
		case q.key == "port":
			f.attr(f.b, "port", q, kNum)
		case q.key == "healthCheckConfig":
			f.nested(q, "health_check", map[string]field{"httpGetUrl": {"http_get_url", kStr}, "initialDelaySeconds": {"initial_delay_seconds", kNum},
				"periodSeconds": {"period_seconds", kNum}, "timeoutSeconds": {"timeout_seconds", kNum},
				"failureThreshold": {"failure_threshold", kNum}, "successThreshold": {"success_threshold", kNum}})
		case container && q.key == "image":
			f.attr(cb, "image", q, kStr)
		case container && (q.key == "entrypoint" || q.key == "command"):
			f.attr(cb, q.key, q, kList)
		case !container && (q.key == "command" || q.key == "args"):
			f.attr(f.b, q.key, q, kList)
		default:
			why := "wsdeploy has no setting for it"
			if q.key == "registryConfig" {
				why = "wsdeploy does not manage registry credentials: use an ACR image FC can pull with the function's role"
			}
			f.c.skip(f.b, q.line, f.where, p.key+"."+q.key, why)
		}
	}
}

func (f *fn) lifecycle(p kv) {
	ps := f.c.pairs(p.val)
	if ps == nil {
		f.c.skip(f.b, p.line, f.where, p.key, describe(p.val)+" is not a mapping")
		return
	}
	lb := &block{typ: "lifecycle"}
	for _, q := range ps {
		name := map[string]string{"initializer": "initializer_timeout", "preStop": "pre_stop_timeout"}[q.key]
		hook := f.c.pairs(q.val)
		if name == "" || hook == nil {
			f.c.skip(f.b, q.line, f.where, p.key+"."+q.key, "wsdeploy has no setting for it")
			continue
		}
		for _, h := range hook {
			switch h.key {
			case "timeout":
				f.attr(lb, name, h, kNum)
			case "handler":
				// A custom runtime's hook is an HTTP call; FC ignores its handler.
			default:
				f.c.skip(f.b, h.line, f.where, p.key+"."+q.key+"."+h.key, "wsdeploy's lifecycle hooks are FC's HTTP calls (POST /initialize, GET /pre-stop); it sets only their timeout")
			}
		}
	}
	if !lb.empty() {
		f.b.items = append(f.b.items, lb)
	}
}

func affinityType(s string) string {
	switch s {
	case fcspec.AffinityHeaderField:
		return "header_field"
	case fcspec.AffinityCookie:
		return "cookie"
	}
	return ""
}

func (f *fn) sessionAffinity(typ string, cfg *yaml.Node, line int) {
	b := f.b.child("session_affinity")
	b.set("type", quote(typ))
	fromString := false
	if s, ok := scalar(cfg); ok {
		// fc3 also takes the config as a JSON string; JSON is YAML.
		var doc yaml.Node
		if yaml.Unmarshal([]byte(s), &doc) == nil && len(doc.Content) > 0 {
			cfg, fromString = doc.Content[0], true
		}
	}
	fields := map[string]field{"affinityHeaderFieldName": {"header", kStr}, "sessionConcurrencyPerInstance": {"sessions_per_instance", kNum},
		"sessionTTLInSeconds": {"session_ttl", kNum}, "sessionIdleTimeoutInSeconds": {"session_idle_timeout", kNum},
		"disableSessionIdReuse": {"disable_session_id_reuse", kBool}}
	for _, q := range f.c.pairs(cfg) {
		if fromString {
			q.line = line // the string's own lines are not the file's
		}
		fl, ok := fields[q.key]
		if !ok {
			f.c.skip(b, q.line, f.where, "sessionAffinityConfig."+q.key, "wsdeploy has no setting for it")
			continue
		}
		if typ == "cookie" && fl.name == "header" {
			continue // FC ignores the header name of a cookie affinity
		}
		f.attr(b, fl.name, q, fl.k)
	}
}

func (f *fn) tags(p kv) {
	n := deref(p.val)
	if n != nil && n.Kind == yaml.SequenceNode {
		// fc3 writes tags as a list of {key, value}.
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line}
		for _, it := range n.Content {
			ps := f.c.pairs(it)
			k, v := get(ps, "key"), get(ps, "value")
			if k == nil || v == nil || k.Kind != yaml.ScalarNode {
				f.c.skip(f.b, p.line, f.where, "tags", "each tag needs key and value")
				return
			}
			m.Content = append(m.Content, k, v)
		}
		p.val = m
	}
	f.attr(f.b, "tags", p, kMap)
}
