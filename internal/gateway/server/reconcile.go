package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// reconciler keeps the data plane in step with the store: after every
// committed change (and once at start-up) it re-reads a function and its
// triggers and hands them to the plane.
type reconciler struct {
	store *store.Store
	api   *controlapi.Handler
	plane *dataplane.Plane
	delay time.Duration

	mu sync.Mutex
	// served remembers each function's served triggers (name → URL id):
	// a deleted trigger is gone from the store, but the plane needs its id.
	served map[string]map[string]string
	urls   map[string]string // URL id → the URL the plane serves it at
	// updating holds, per function, when its update in progress takes
	// effect (controlapi.Event.EffectiveAt).
	updating map[string]time.Time
}

// url is where the trigger with urlID is served, "" if it is not.
func (r *reconciler) url(urlID string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.urls[urlID]
}

// event applies one control API change. Trigger changes take effect after
// the propagation delay, as on FC; a function's update once it is no
// longer InProgress (EffectiveAt); other changes at once.
func (r *reconciler) event(e controlapi.Event) error {
	specAt, triggerAt := e.Time, e.Time
	switch e.Kind {
	case controlapi.TriggerCreated, controlapi.TriggerUpdated:
		triggerAt = e.Time.Add(r.delay)
	case controlapi.FunctionUpdated:
		r.mu.Lock()
		r.updating[e.Function] = e.EffectiveAt
		r.mu.Unlock()
	}
	// Any change of a function whose update is in progress (its reserved
	// concurrency, say) lands with that update, not before it.
	r.mu.Lock()
	if until := r.updating[e.Function]; until.After(specAt) {
		specAt = until
	} else {
		delete(r.updating, e.Function)
	}
	r.mu.Unlock()
	return r.function(e.Function, specAt, triggerAt)
}

// checkStart is the control API's CheckStart: whether an instance of f
// could start, and if not FC's code and the reason.
func (r *reconciler) checkStart(f *fc.Function) (code fcspec.Code, reason string) {
	err := r.plane.CheckStart(r.spec(f, nil))
	if err == nil {
		return "", ""
	}
	if code = instance.StartFailureCode(err); code == "" {
		code = fcspec.CodeFunctionNotStarted
	}
	return code, err.Error()
}

// function makes the plane serve name as the store has it: the spec from
// specAt, triggers from triggerAt.
func (r *reconciler) function(name string, specAt, triggerAt time.Time) error {
	f, err := r.store.GetFunction(name)
	if errors.Is(err, store.ErrFunctionNotFound) {
		r.mu.Lock()
		for _, urlID := range r.served[name] {
			r.plane.DeleteTrigger(urlID)
			delete(r.urls, urlID)
		}
		delete(r.served, name)
		r.mu.Unlock()
		r.plane.DeleteFunction(name)
		return nil
	}
	if err != nil {
		return err
	}
	var conc *fc.ConcurrencyConfig
	if c, err := r.store.GetConcurrency(name); err == nil {
		conc = c
	}
	spec := r.spec(f, conc)
	if p, err := r.store.GetProvision(name); err == nil {
		spec.Provisioned = int(dara.Int64Value(p.Target))
	}
	if err := r.plane.SetFunction(spec, specAt); err != nil {
		return fmt.Errorf("function %q: %w", name, err)
	}
	triggers, _, err := r.store.ListTriggers(name, store.ListOptions{})
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	prev := r.served[name]
	now := map[string]string{}
	for _, t := range triggers {
		if dara.StringValue(t.Trigger.TriggerType) != fcspec.TriggerTypeHTTP {
			continue
		}
		tr, err := httpTrigger(t)
		if err != nil {
			return err
		}
		ep, err := r.plane.SetTrigger(tr, triggerAt)
		if err != nil {
			return err
		}
		if ep.Port != t.Port {
			if err := r.store.SetTriggerPort(name, *t.Trigger.TriggerName, ep.Port); err != nil {
				return err
			}
		}
		now[*t.Trigger.TriggerName] = t.URLID
		r.urls[t.URLID] = ep.URL
	}
	for trig, urlID := range prev {
		if _, kept := now[trig]; !kept {
			r.plane.DeleteTrigger(urlID)
			delete(r.urls, urlID)
		}
	}
	r.served[name] = now
	return nil
}

// spec translates a stored FC function into what the plane runs.
func (r *reconciler) spec(f *fc.Function, conc *fc.ConcurrencyConfig) dataplane.FunctionSpec {
	s := dataplane.FunctionSpec{
		Name:                dara.StringValue(f.FunctionName),
		Runtime:             dara.StringValue(f.Runtime),
		Handler:             dara.StringValue(f.Handler),
		Generation:          dara.StringValue(f.CodeChecksum),
		CodeDir:             r.api.CodeDir(f),
		Env:                 stringMap(f.EnvironmentVariables),
		MemoryMB:            int(dara.Int32Value(f.MemorySize)),
		CPU:                 float64(dara.Float32Value(f.Cpu)),
		TimeoutSeconds:      int(dara.Int32Value(f.Timeout)),
		DiskMB:              int(dara.Int32Value(f.DiskSize)),
		InstanceConcurrency: int(dara.Int32Value(f.InstanceConcurrency)),
	}
	if c := f.CustomRuntimeConfig; c != nil {
		s.Command = dara.StringSliceValue(c.Command)
		s.Args = dara.StringSliceValue(c.Args)
		s.Port = int(dara.Int32Value(c.Port))
		if h := c.HealthCheckConfig; h != nil && dara.StringValue(h.HttpGetUrl) != "" {
			s.HealthCheck = &instance.HealthCheck{
				HTTPGetURL:       *h.HttpGetUrl,
				InitialDelay:     time.Duration(dara.Int32Value(h.InitialDelaySeconds)) * time.Second,
				Timeout:          time.Duration(dara.Int32Value(h.TimeoutSeconds)) * time.Second,
				SuccessThreshold: int(dara.Int32Value(h.SuccessThreshold)),
			}
		}
	}
	if l := f.InstanceLifecycleConfig; l != nil {
		s.Initializer, s.PreStop = hook(l.Initializer), hook(l.PreStop)
	}
	s.Role = dara.StringValue(f.Role)
	s.Affinity = affinity(f)
	if conc != nil && conc.ReservedConcurrency != nil {
		n := int(*conc.ReservedConcurrency)
		s.ReservedConcurrency = &n
	}
	return s
}

// hook translates a lifecycle hook: configured when it names a handler
// (fc3 removes one by sending it with an empty handler).
func hook(h *fc.LifecycleHook) *dataplane.Hook {
	if h == nil || dara.StringValue(h.Handler) == "" {
		return nil
	}
	return &dataplane.Hook{Timeout: time.Duration(dara.Int32Value(h.Timeout)) * time.Second}
}

// httpTrigger translates a stored HTTP trigger; its triggerConfig was
// validated and normalised by the control API.
func httpTrigger(t *store.Trigger) (dataplane.Trigger, error) {
	var cfg fc.HTTPTriggerConfig
	if err := json.Unmarshal([]byte(dara.StringValue(t.Trigger.TriggerConfig)), &cfg); err != nil {
		return dataplane.Trigger{}, fmt.Errorf("trigger %q: stored triggerConfig: %w", dara.StringValue(t.Trigger.TriggerName), err)
	}
	return dataplane.Trigger{
		URLID:              t.URLID,
		Function:           t.Function,
		Name:               dara.StringValue(t.Trigger.TriggerName),
		Methods:            dara.StringSliceValue(cfg.Methods),
		AuthType:           dara.StringValue(cfg.AuthType),
		DisableURLInternet: dara.BoolValue(cfg.DisableURLInternet),
		Port:               t.Port,
	}, nil
}

// restore serves everything the store holds, at once: triggers restored
// after a restart were propagated long ago.
func (r *reconciler) restore() error {
	token := ""
	for {
		fs, next, err := r.store.ListFunctions(store.ListOptions{Limit: 100, NextToken: token}, nil)
		if err != nil {
			return err
		}
		for _, f := range fs {
			if err := r.function(*f.FunctionName, time.Time{}, time.Time{}); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}

func stringMap(m map[string]*string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v != nil {
			out[k] = *v
		}
	}
	return out
}
