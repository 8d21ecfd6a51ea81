package plugintest

import (
	"context"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers"
)

// Factory returns the provider under test, configured and ready; it
// registers with t.Cleanup whatever must be stopped after the kit ran.
type Factory func(t testing.TB) providers.Provider

// Options tune the kit for targets that cannot do everything.
type Options struct {
	// SkipSmoke skips the WebSocket echo through the trigger URL, for a
	// target the test cannot reach.
	SkipSmoke bool
	// SmokeTimeout bounds how long the trigger URL may take to start
	// echoing after an apply (FC's trigger propagation takes ~10 s);
	// 0 means 60 s.
	SmokeTimeout time.Duration
	// Timeout bounds the whole run; 0 means 10 minutes.
	Timeout time.Duration

	// SkipSessionAffinity skips the session_affinity step, for a target
	// without session affinity (which must then refuse a function that
	// has it, rather than drop it).
	SkipSessionAffinity bool
	// SkipCustomDomains skips the custom domain step even when the
	// provider implements providers.CustomDomains.
	SkipCustomDomains bool
	// CustomDomain is the domain name the custom domain step creates; ""
	// means "<stack>.plugintest.test", which only a target that does not
	// check DNS (such as the local gateway) accepts: on FC, name a domain
	// whose CNAME points at the account's FC endpoint.
	CustomDomain string
}

// Run runs the conformance kit against the provider factory returns.
func Run(t testing.TB, factory Factory) {
	t.Helper()
	RunWithOptions(t, factory, Options{})
}

// RunWithOptions is Run with options.
func RunWithOptions(t testing.TB, factory Factory, opts Options) {
	t.Helper()
	if opts.SmokeTimeout <= 0 {
		opts.SmokeTimeout = 60 * time.Second
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), opts.Timeout)
	defer cancel()
	k := &kit{t: t, ctx: ctx, opts: opts, p: factory(t)}
	k.setUp()
	for _, s := range []struct {
		name string
		run  func()
	}{
		{"fresh stack owns nothing", k.fresh},
		{"create", k.create},
		{"status: state and instances", k.statusCalls},
		{"tags alone", k.tagsAlone},
		{"stack lock", k.stackLock},
		{"update settings in place", k.updateSettings},
		{"update code", k.updateCode},
		{"triggers: change, remove, add", k.triggers},
		{"reserved concurrency", k.reservedConcurrency},
		{"session affinity", k.sessionAffinity},
		{"custom domains", k.customDomains},
		{"destroy", k.destroy},
		{"a create another run made", k.existed},
	} {
		k.step = s.name
		start := time.Now()
		s.run()
		t.Logf("plugintest: %s: ok (%s)", s.name, time.Since(start).Round(time.Millisecond))
	}
}
