package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// StackTagKey is the tag that records which stack owns a function. Users may
// not set it themselves.
const StackTagKey = "wsdeploy-stack"

// LongConnectionTimeout is the timeout under which validate warns that
// WebSocket connections will be cut early.
const LongConnectionTimeout = 60

// site points the diagnostics of one block at its attributes: ranges
// maps attribute keys (nested ones such as "vpc.vpc_id") to where they are
// written, decl is the block, who starts every detail (`Function "chat"`).
type site struct {
	l      *loader
	ranges map[string]hcl.Range
	decl   hcl.Range
	who    string
}

// at is where key is written; for an attribute left out (or null), its
// block's (vpc for vpc.vpc_id), else the whole block's.
func (s site) at(key string) hcl.Range {
	for {
		if r, ok := s.ranges[key]; ok {
			return r
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			return s.decl
		}
		key = key[:i]
	}
}

// fail reports err (from fcspec, worded "is X; ...") for an attribute.
func (s site) fail(key, summary string, err error) {
	s.l.errorAt(s.at(key), summary, fmt.Sprintf("%s: %s %s.", s.who, key, err))
}

func (s site) errorf(key, summary, format string, args ...any) {
	s.l.errorAt(s.at(key), summary, s.who+": "+fmt.Sprintf(format, args...))
}

func (s site) warnf(key, summary, format string, args ...any) {
	s.l.warnAt(s.at(key), summary, s.who+": "+fmt.Sprintf(format, args...))
}

// check reports err, if any, for key.
func (s site) check(key, summary string, err error) {
	if err != nil {
		s.fail(key, summary, err)
	}
}

// has reports whether key was written in the configuration.
func (s site) has(key string) bool {
	_, ok := s.ranges[key]
	return ok
}

// fnCheck validates one function, pointing each problem at the attribute that
// causes it (or the block when the attribute was left out).
type fnCheck struct {
	site
	f *Function
}

func newFnCheck(l *loader, f *Function) fnCheck {
	return fnCheck{site{l: l, ranges: f.Ranges, decl: f.DeclRange, who: fmt.Sprintf("Function %q", f.Label)}, f}
}

func (l *loader) validateFunction(f *Function) {
	c := newFnCheck(l, f)
	if err := fcspec.CheckFunctionName(f.Name); err != nil {
		c.errorf("name", "Invalid function name", "%s. Set name = \"...\" to choose the name used on Function Compute.", err)
	}
	c.runtime()
	if err := fcspec.CheckPort(f.Port); err != nil {
		c.fail("port", "Invalid port", err)
	}
	memOK := fcspec.CheckMemory(f.MemorySize)
	if memOK != nil {
		c.fail("memory_size", "Invalid memory_size", memOK)
	}
	cpuOK := fcspec.CheckCPU(f.CPU)
	if cpuOK != nil {
		c.fail("cpu", "Invalid cpu", cpuOK)
	}
	if memOK == nil && cpuOK == nil {
		if err := fcspec.CheckCPUMemoryRatio(f.CPU, f.MemorySize); err != nil {
			key := "cpu"
			if _, set := f.Ranges[key]; !set {
				key = "memory_size"
			}
			c.errorf(key, "Invalid cpu to memory ratio", "%s.", err)
		}
	}
	if err := fcspec.CheckDiskSize(f.DiskSize); err != nil {
		c.fail("disk_size", "Invalid disk_size", err)
	}
	if err := fcspec.CheckTimeout(f.Timeout); err != nil {
		c.fail("timeout", "Invalid timeout", err)
	}
	if err := fcspec.CheckInstanceConcurrency(f.InstanceConcurrency); err != nil {
		c.fail("instance_concurrency", "Invalid instance_concurrency", err)
	}
	if f.MaxInstances != nil {
		switch {
		case *f.MaxInstances < 0:
			c.errorf("max_instances", "Invalid max_instances", "max_instances is %d; it must be 0 or more (it is FC's reserved concurrency).", *f.MaxInstances)
		case *f.MaxInstances == 0:
			c.warnf("max_instances", "Function disabled", "max_instances = 0 reserves no instance: Function Compute rejects every request (429). Remove it to let FC scale freely.")
		}
	}
	if err := fcspec.CheckDescription(f.Description); err != nil {
		c.fail("description", "Invalid description", err)
	}
	c.environment()
	c.text()
	c.tags()
	c.healthCheck()
	c.productionSettings()
	for _, t := range f.Triggers {
		c.trigger(t)
	}
}

func (c fnCheck) runtime() {
	f := c.f
	switch {
	case fcspec.IsBuiltinRuntime(f.Runtime):
		c.errorf("runtime", "Runtime cannot serve WebSocket",
			"runtime %q is a built-in runtime: Function Compute calls a handler per request and cannot keep a WebSocket connection open. Use runtime = %q with command = [...] starting your own server, or %q with an image.",
			f.Runtime, fcspec.DefaultRuntime, fcspec.CustomContainer)
		return
	case !fcspec.ServesWebSocket(f.Runtime):
		c.errorf("runtime", "Unknown runtime", "%q is not a Function Compute runtime that can serve WebSocket; use one of %s.%s",
			f.Runtime, strings.Join(fcspec.WebSocketRuntimes, ", "), didYouMean(f.Runtime, fcspec.WebSocketRuntimes))
		return
	case f.Runtime == fcspec.CustomContainer:
		c.container()
		return
	}
	if f.Container != nil {
		c.errorf("container", "Container settings on a custom runtime",
			"a container block only applies to runtime = %q. Remove it, or change the runtime.", fcspec.CustomContainer)
	}
	if f.Code == "" {
		c.errorf("code", "Missing code directory",
			"a custom runtime function needs its code: set code = \"./src\" to the directory that holds your server (wsdeploy zips it and uploads it).")
		return
	}
	info, err := os.Stat(f.Code)
	switch {
	case err != nil && f.Build != nil:
		// The build command creates it.
	case err != nil:
		c.errorf("code", "Code directory not found",
			"code directory %s does not exist (%s). Paths are relative to the stack directory; create it or fix the path, or add a build block that produces it.", f.Code, friendlyPathError(err))
	case !info.IsDir():
		c.errorf("code", "Code is not a directory",
			"%s is a file; code must name a directory (wsdeploy zips its contents).", f.Code)
	case len(f.Command) == 0 && f.Build == nil:
		if _, err := os.Stat(filepath.Join(f.Code, "bootstrap")); err != nil {
			c.errorf("code", "Nothing to start",
				"no command is set and %s has no bootstrap file, which is what Function Compute starts by default. Set command = [\"./server\"], or add an executable bootstrap script.", f.Code)
		}
	}
}

func (c fnCheck) container() {
	f := c.f
	if f.Container == nil {
		c.errorf("runtime", "Missing container block",
			"runtime %q runs an image: add container { image = \"registry.cn-hangzhou.aliyuncs.com/ns/app:tag\" }.", fcspec.CustomContainer)
	} else if f.Container.Image == "" {
		c.errorf("container.image", "Missing image", "container.image must name an image, like \"registry.cn-hangzhou.aliyuncs.com/ns/app:tag\".")
	}
	for _, key := range []string{"code", "command", "args"} {
		if _, set := f.Ranges[key]; set {
			hint := "container.entrypoint or container.command"
			if key == "code" {
				hint = "the image"
			}
			c.errorf(key, "Not used by a custom container",
				"%s does not apply to runtime %q: its program comes from %s. Remove %s.", key, fcspec.CustomContainer, hint, key)
		}
	}
	if f.Build != nil {
		c.errorf("build", "Not used by a custom container",
			"a build block prepares a code directory; a custom container runs an image built outside wsdeploy. Remove the build block.")
	}
}

// environment checks each key where it is written, then the total size.
func (c fnCheck) environment() {
	for _, k := range sortedKeys(c.f.Environment) {
		if err := fcspec.CheckEnvKey(k); err != nil {
			key := "environment." + k
			if _, ok := c.f.Ranges[key]; !ok {
				key = "environment"
			}
			c.errorf(key, "Invalid environment", "environment %s.", err)
			return
		}
	}
	if err := fcspec.CheckEnvironment(c.f.Environment); err != nil {
		c.fail("environment", "Invalid environment", err)
	}
}

func (c fnCheck) tags() {
	for k, v := range c.f.Tags {
		switch {
		case k == StackTagKey:
			c.errorf("tags", "Reserved tag", "the tag %q is set by wsdeploy to record which stack owns the function; remove it from tags.", StackTagKey)
		case k == "" || len(k) > 128:
			c.errorf("tags", "Invalid tag", "tag key %q must be 1 to 128 characters long.", k)
		case len(v) > 128:
			c.errorf("tags", "Invalid tag", "the value of tag %q is %d characters long; at most 128 are allowed.", k, len(v))
		}
	}
	if len(c.f.Tags) > 19 {
		c.errorf("tags", "Too many tags", "%d tags are set; Function Compute allows 20 per function and wsdeploy uses one for %s.", len(c.f.Tags), StackTagKey)
	}
}

func (c fnCheck) healthCheck() {
	h := c.f.HealthCheck
	if h == nil {
		return
	}
	if !strings.HasPrefix(h.HTTPGetURL, "/") {
		c.errorf("health_check.http_get_url", "Invalid health check URL", "http_get_url is %q; it must be a path starting with \"/\", such as \"/healthz\".", h.HTTPGetURL)
	}
	if err := fcspec.CheckHealthCheckTimeout(h.TimeoutSeconds); err != nil {
		c.fail("health_check.timeout_seconds", "Invalid health check timeout", err)
	}
	for key, v := range map[string]int{
		"health_check.initial_delay_seconds": h.InitialDelaySeconds + 1, // 0 is allowed
		"health_check.period_seconds":        h.PeriodSeconds,
		"health_check.failure_threshold":     h.FailureThreshold,
		"health_check.success_threshold":     h.SuccessThreshold,
	} {
		if v < 1 || v > 121 {
			c.errorf(key, "Invalid health check setting", "%s is out of range (1 to 120; initial_delay_seconds may be 0).", strings.TrimPrefix(key, "health_check."))
		}
	}
}

func (c fnCheck) trigger(t *HTTPTrigger) {
	p := triggerPrefix(t.Name)
	if err := fcspec.CheckTriggerName(t.Name); err != nil {
		c.l.errorAt(t.DeclRange, "Invalid trigger name", fmt.Sprintf("Function %q: %s.", c.f.Label, err))
	}
	t.Methods = c.methods(p+"methods", fmt.Sprintf("http_trigger %q", t.Name), "Invalid trigger method", t.Methods)
	if !slices.Contains(t.Methods, "GET") {
		c.errorf(p+"methods", "Trigger does not allow GET",
			"http_trigger %q: methods must include GET: a WebSocket handshake is a GET request, and Function Compute answers 403 to a method the trigger does not allow. Add \"GET\" to methods.", t.Name)
	}
	if err := fcspec.CheckAuthType(t.AuthType); err != nil {
		c.errorf(p+"auth_type", "Invalid auth_type", "http_trigger %q: %s.%s", t.Name, err, didYouMean(t.AuthType, fcspec.AuthTypes))
	} else if t.AuthType == fcspec.AuthJWT {
		c.errorf(p+"auth_type", "Unsupported auth_type",
			"http_trigger %q: auth_type \"jwt\" needs a JWT auth configuration, which wsdeploy does not manage yet. Use \"anonymous\" (browsers cannot sign requests) or \"function\" (signed requests).", t.Name)
	}
	if err := fcspec.CheckDescription(t.Description); err != nil {
		c.fail(p+"description", "Invalid description", err)
	}
}

// methods checks the HTTP methods written at key against FC's set (upper
// case), warns about repeats, and returns them sorted and unique; owner
// names their block in messages.
func (s site) methods(key, owner, summary string, in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range in {
		if err := fcspec.CheckMethod(m); err != nil {
			s.errorf(key, summary, "%s: %s.", owner, err)
			continue
		}
		if seen[m] {
			s.warnf(key, "Duplicate method", "%s lists %s twice.", owner, m)
			continue
		}
		seen[m] = true
		out = append(out, m)
	}
	sortStrings(out)
	return out
}

// webSocketWays reports, for each function, whether a WebSocket client
// can reach it: an http_trigger or a custom_domain route allowing GET.
func (s *Stack) webSocketWays() map[*Function]bool {
	ways := map[*Function]bool{}
	for _, f := range s.Functions {
		for _, t := range f.Triggers {
			ways[f] = ways[f] || slices.Contains(t.Methods, "GET")
		}
	}
	for _, d := range s.Domains {
		for _, r := range d.Routes {
			ways[r.Function] = ways[r.Function] || slices.Contains(r.Methods, "GET")
		}
	}
	return ways
}

// smoke checks the smoke block of a function a WebSocket client can
// reach when reachable is true.
func (c fnCheck) smoke(reachable bool) {
	f, s := c.f, c.f.Smoke
	if s == nil {
		if reachable {
			c.l.warnAt(f.DeclRange, "No smoke test",
				fmt.Sprintf("Function %q has a GET trigger but no smoke block: after apply wsdeploy only checks that the WebSocket handshake and a ping succeed. Add smoke { send = \"ping\" expect = \"pong\" } to check that your server answers.", f.Label))
		}
		return
	}
	if s.ExpectRegexp != "" {
		if _, err := regexp.Compile(s.ExpectRegexp); err != nil {
			c.errorf("smoke.expect", "Invalid expect pattern", "%q is not a valid regular expression (RE2 syntax): %s. Write a plain string to match exactly.", s.ExpectRegexp, err)
		}
	}
	if !s.Enabled {
		return
	}
	if !reachable {
		c.l.warnAt(s.DeclRange, "Smoke test has nothing to test",
			fmt.Sprintf("Function %q has a smoke block but no http_trigger or custom_domain route allowing GET, so no WebSocket client can connect. Add an http_trigger or a route, or set enabled = false.", f.Label))
	}
	if s.Send != "" && s.Expect == "" && s.ExpectRegexp == "" {
		c.warnf("smoke.send", "Reply not checked", "smoke sends %q but expects nothing, so any reply passes. Add expect = \"...\" (or \"/regex/\").", s.Send)
	}
}

func (c fnCheck) longConnections(reachable bool) {
	f := c.f
	if !reachable || f.Timeout >= LongConnectionTimeout || fcspec.CheckTimeout(f.Timeout) != nil {
		return
	}
	detail := fmt.Sprintf("timeout is %d s: Function Compute cuts every WebSocket connection after %d s and the client sees close code 1006. Raise timeout (up to 86400) or make clients reconnect (reconnecting-websocket, Socket.IO).", f.Timeout, f.Timeout)
	if f.InstanceConcurrency > 1 {
		detail += fmt.Sprintf(" With instance_concurrency = %d, long-lived connections sharing an instance are what concurrency is for, so a timeout under a minute is almost certainly a mistake.", f.InstanceConcurrency)
	}
	c.warnf("timeout", "Short timeout for WebSocket", "%s", detail)
}

// checkStack validates what spans several blocks.
func (l *loader) checkStack() {
	byName := map[string]*Function{}
	for _, f := range l.stack.Functions {
		if first, dup := byName[f.Name]; dup {
			c := newFnCheck(l, f)
			c.errorf("name", "Duplicate function name",
				"function %q is also named %q on Function Compute (declared at %s). Function names are unique per account and region; give one a different name.", first.Label, f.Name, first.DeclRange)
			continue
		}
		byName[f.Name] = f
	}
	l.checkPublicURLs()
	ways := l.stack.webSocketWays()
	for _, f := range l.stack.Functions {
		if !f.unresolved {
			c := newFnCheck(l, f)
			c.smoke(ways[f])
			c.longConnections(ways[f])
		}
	}
}

// checkPublicURLs warns about a trigger whose public URL is disabled on a
// function no custom domain routes to: nothing outside the VPC reaches it.
// A custom domain keeps serving (disableURLInternet closes only the
// trigger's URL), so a function behind one is reachable and smoke-tested
// there.
func (l *loader) checkPublicURLs() {
	routed := map[*Function]bool{}
	for _, d := range l.stack.Domains {
		for _, r := range d.Routes {
			routed[r.Function] = true
		}
	}
	for _, f := range l.stack.Functions {
		if f.unresolved || routed[f] {
			continue
		}
		for _, t := range f.Triggers {
			if t.DisableURLInternet {
				newFnCheck(l, f).warnf(triggerPrefix(t.Name)+"disable_url_internet", "Public URL disabled",
					"http_trigger %q has disable_url_internet = true: its public URL answers 403, so only clients inside the VPC (or through a custom_domain routing to the function) can connect and the smoke test from this machine will fail. Route a custom_domain to it, or set smoke { enabled = false } if that is intended.", t.Name)
			}
		}
	}
}
