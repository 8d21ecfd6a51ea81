package config

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// DefaultSmokeTimeout bounds a smoke test that names no timeout: long enough
// to wait out FC's trigger propagation (about 10 s) several times.
const DefaultSmokeTimeout = 60 * time.Second

// decodeFunction turns a function block into a Function with FC's defaults
// filled in, then validates it. ok is false when an attribute derives from a
// value in error: the function is then incomplete and not validated, since
// its defaults would stand in for what the user wrote.
func (l *loader) decodeFunction(block *hcl.Block) (f *Function, ok bool) {
	content, diags := bodyContent(block.Body, functionSchema)
	l.diags = append(l.diags, diags...)
	f = &Function{
		Label:               block.Labels[0],
		Name:                block.Labels[0],
		Runtime:             fcspec.DefaultRuntime,
		Port:                fcspec.DefaultPort,
		MemorySize:          fcspec.DefaultMemory,
		DiskSize:            fcspec.DefaultDiskSize,
		Timeout:             fcspec.DefaultTimeout,
		InstanceConcurrency: fcspec.DefaultInstanceConcurrency,
		DeclRange:           block.DefRange,
		Ranges:              map[string]hcl.Range{},
	}
	what := fmt.Sprintf("function %q", f.Label)
	d := &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: what, ranges: f.Ranges, unresolved: &f.unresolved}
	d.string("name", &f.Name)
	d.string("runtime", &f.Runtime)
	var code string
	if d.string("code", &code) {
		f.Code = l.resolvePath(code)
	}
	d.commandLine("command", &f.Command, instanceSeen, "environment")
	d.commandLine("args", &f.Args, instanceSeen, "environment")
	d.int("port", &f.Port)
	d.int("memory_size", &f.MemorySize)
	if !d.float("cpu", &f.CPU) {
		f.CPU = fcspec.DefaultCPUFor(f.MemorySize)
	}
	d.int("disk_size", &f.DiskSize)
	d.int("timeout", &f.Timeout)
	d.int("instance_concurrency", &f.InstanceConcurrency)
	var maxInstances int
	if d.int("max_instances", &maxInstances) {
		f.MaxInstances = &maxInstances
	}
	d.stringMap("environment", &f.Environment, &f.SensitiveEnv)
	d.string("description", &f.Description)
	d.stringMap("tags", &f.Tags, nil)
	d.string("role", &f.Role)
	var internet bool
	if d.bool("internet_access", &internet) {
		f.InternetAccess = &internet
	}
	d.stringList("layers", &f.Layers)
	l.diags = append(l.diags, d.diags...)

	seenBlock := map[string]*hcl.Block{}
	for _, b := range content.Blocks {
		if b.Type != "http_trigger" {
			if first, dup := seenBlock[b.Type]; dup {
				l.errorAt(b.DefRange, fmt.Sprintf("Duplicate %s block", b.Type),
					fmt.Sprintf("%s already has a %s block at %s; a function has at most one.", what, b.Type, first.DefRange))
				continue
			}
			seenBlock[b.Type] = b
		}
		switch b.Type {
		case "http_trigger":
			if t := l.decodeTrigger(f, b); t != nil {
				f.Triggers = append(f.Triggers, t)
			}
		case "smoke":
			f.Smoke = l.decodeSmoke(f, b)
		case "health_check":
			f.HealthCheck = l.decodeHealthCheck(f, b)
		case "container":
			f.Container = l.decodeContainer(f, b)
		case "build":
			f.Build = l.decodeBuild(f, b)
		case "vpc":
			f.VPC = l.decodeVPC(f, b)
		case "log":
			f.Log = l.decodeLog(f, b)
		case "lifecycle":
			f.Lifecycle = l.decodeLifecycle(f, b)
		case "provisioned":
			f.Provisioned = l.decodeProvisioned(f, b)
		case "session_affinity":
			f.SessionAffinity = l.decodeSessionAffinity(f, b)
		}
	}
	forceAffinityConcurrency(f)
	sort.Slice(f.Triggers, func(i, j int) bool { return f.Triggers[i].Name < f.Triggers[j].Name })
	if f.unresolved {
		return f, false
	}
	l.validateFunction(f)
	return f, true
}

// instanceSeen is where an instance's command line shows.
const instanceSeen = "on the host and in Function Compute's console and API"

// resolvePath makes a path from the configuration absolute, relative to the
// stack directory.
func (l *loader) resolvePath(p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

func (l *loader) nested(f *Function, b *hcl.Block, schema *hcl.BodySchema, prefix string) *attrDecoder {
	content, diags := bodyContent(b.Body, schema)
	l.diags = append(l.diags, diags...)
	f.Ranges[strings.TrimSuffix(prefix, ".")] = b.DefRange
	what := fmt.Sprintf("the %s block of function %q", b.Type, f.Label)
	if len(b.Labels) > 0 {
		what = fmt.Sprintf("%s %q of function %q", b.Type, b.Labels[0], f.Label)
	}
	return &attrDecoder{ctx: l.ctx, attrs: content.Attributes, what: what, prefix: prefix, ranges: f.Ranges, unresolved: &f.unresolved}
}

func (l *loader) decodeTrigger(f *Function, b *hcl.Block) *HTTPTrigger {
	name := b.Labels[0]
	for _, t := range f.Triggers {
		if t.Name == name {
			l.errorAt(b.LabelRanges[0], fmt.Sprintf("Duplicate http_trigger %q", name),
				fmt.Sprintf("Function %q already has a trigger named %q at %s. Trigger names are unique within a function.", f.Label, name, t.DeclRange))
			return nil
		}
	}
	if len(f.Triggers) > 0 { // FC refuses the second CreateTrigger
		first := f.Triggers[0]
		l.errorAt(b.DefRange, "Second http_trigger",
			fmt.Sprintf("Function %q already has http_trigger %q at %s, and %s: it would refuse this one. Keep one trigger: a page and its WebSocket share one URL (list every method they need in methods).",
				f.Label, first.Name, first.DeclRange, fcspec.OneHTTPTrigger))
		return nil
	}
	t := &HTTPTrigger{Name: name, Methods: []string{"GET"}, AuthType: fcspec.DefaultAuthType, DeclRange: b.DefRange}
	d := l.nested(f, b, triggerSchema, triggerPrefix(name))
	d.stringList("methods", &t.Methods)
	d.string("auth_type", &t.AuthType)
	d.bool("disable_url_internet", &t.DisableURLInternet)
	d.string("description", &t.Description)
	l.diags = append(l.diags, d.diags...)
	return t
}

// triggerPrefix is the key prefix of a trigger's attributes in Function.Ranges.
func triggerPrefix(name string) string { return "http_trigger." + name + "." }

func (l *loader) decodeSmoke(f *Function, b *hcl.Block) *Smoke {
	s := &Smoke{Enabled: true, Timeout: DefaultSmokeTimeout, DeclRange: b.DefRange}
	d := l.nested(f, b, smokeSchema, "smoke.")
	d.bool("enabled", &s.Enabled)
	d.string("send", &s.Send)
	if d.string("expect", &s.Expect) && len(s.Expect) >= 2 && strings.HasPrefix(s.Expect, "/") && strings.HasSuffix(s.Expect, "/") {
		s.ExpectRegexp, s.Expect = s.Expect[1:len(s.Expect)-1], ""
	}
	var timeout string
	if d.string("timeout", &timeout) {
		dur, err := time.ParseDuration(timeout)
		switch {
		case err != nil:
			l.errorAt(d.rangeOf("timeout"), "Invalid smoke timeout",
				fmt.Sprintf("%q is not a duration; write it like \"30s\" or \"2m\".", timeout))
		case dur <= 0:
			l.errorAt(d.rangeOf("timeout"), "Invalid smoke timeout", "The smoke timeout must be positive, like \"30s\".")
		default:
			s.Timeout = dur
		}
	}
	l.diags = append(l.diags, d.diags...)
	return s
}

func (l *loader) decodeHealthCheck(f *Function, b *hcl.Block) *HealthCheck {
	h := &HealthCheck{InitialDelaySeconds: 0, PeriodSeconds: 3, TimeoutSeconds: 1, FailureThreshold: 3, SuccessThreshold: 1}
	d := l.nested(f, b, healthCheckSchema, "health_check.")
	d.string("http_get_url", &h.HTTPGetURL)
	d.int("initial_delay_seconds", &h.InitialDelaySeconds)
	d.int("period_seconds", &h.PeriodSeconds)
	d.int("timeout_seconds", &h.TimeoutSeconds)
	d.int("failure_threshold", &h.FailureThreshold)
	d.int("success_threshold", &h.SuccessThreshold)
	l.diags = append(l.diags, d.diags...)
	return h
}

func (l *loader) decodeContainer(f *Function, b *hcl.Block) *Container {
	c := &Container{}
	d := l.nested(f, b, containerSchema, "container.")
	d.string("image", &c.Image)
	d.commandLine("entrypoint", &c.Entrypoint, instanceSeen, "the function's environment")
	d.commandLine("command", &c.Command, instanceSeen, "the function's environment")
	l.diags = append(l.diags, d.diags...)
	return c
}

func (l *loader) decodeBuild(f *Function, b *hcl.Block) *Build {
	bu := &Build{}
	d := l.nested(f, b, buildSchema, "build.")
	d.commandLine("command", &bu.Command, "on the machine that runs the build", "the build block's environment")
	d.stringMap("environment", &bu.Environment, nil)
	l.diags = append(l.diags, d.diags...)
	return bu
}

// standing records d's diagnostics and reports whether the block it
// decoded stands: one whose attributes are all null is no block.
func (l *loader) standing(f *Function, d *attrDecoder, block string) bool {
	l.diags = append(l.diags, d.diags...)
	if d.allNull() {
		delete(f.Ranges, block)
		return false
	}
	return true
}

func (l *loader) decodeVPC(f *Function, b *hcl.Block) *VPC {
	v := &VPC{}
	d := l.nested(f, b, vpcSchema, "vpc.")
	d.string("vpc_id", &v.VPCID)
	d.stringList("vswitch_ids", &v.VSwitchIDs)
	d.string("security_group_id", &v.SecurityGroupID)
	if !l.standing(f, d, "vpc") {
		return nil
	}
	return v
}

func (l *loader) decodeLog(f *Function, b *hcl.Block) *Log {
	g := &Log{}
	d := l.nested(f, b, logSchema, "log.")
	d.string("project", &g.Project)
	d.string("logstore", &g.Logstore)
	d.bool("request_metrics", &g.RequestMetrics)
	d.bool("instance_metrics", &g.InstanceMetrics)
	if !l.standing(f, d, "log") {
		return nil
	}
	return g
}

func (l *loader) decodeLifecycle(f *Function, b *hcl.Block) *Lifecycle {
	h := &Lifecycle{}
	d := l.nested(f, b, lifecycleSchema, "lifecycle.")
	d.int("initializer_timeout", &h.InitializerTimeout)
	d.int("pre_stop_timeout", &h.PreStopTimeout)
	if !l.standing(f, d, "lifecycle") {
		return nil
	}
	return h
}

func (l *loader) decodeProvisioned(f *Function, b *hcl.Block) *int {
	var target int
	d := l.nested(f, b, provisionedSchema, "provisioned.")
	ok := d.int("target", &target)
	l.diags = append(l.diags, d.diags...)
	if !ok {
		return nil
	}
	return &target
}
