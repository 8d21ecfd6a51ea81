package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/billing"
	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance/memcg"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Gateway is a running local gateway.
type Gateway struct {
	cfg     Config
	lock    *statedir.Lock
	store   *store.Store
	plane   *dataplane.Plane
	meter   *billing.Meter
	sink    *instance.FileSink
	ln      net.Listener
	http    *http.Server
	info    statedir.Info
	memory  *memcg.Controller // sandboxed instances' memory limits, if any
	domains *domains          // custom domains' CA, router and listeners
	served  chan error
}

// Start brings the gateway up: everything stored is served again, and
// gateway.json names the control address once it accepts requests.
func Start(cfg Config) (*Gateway, error) {
	cfg, err := cfg.normalized()
	if err != nil {
		return nil, err
	}
	g := &Gateway{cfg: cfg, served: make(chan error, 1)}
	if err := g.start(); err != nil {
		g.Shutdown(context.Background())
		return nil, err
	}
	return g, nil
}

// start opens everything in order; on error, Shutdown closes what was opened.
func (g *Gateway) start() (err error) {
	cfg := g.cfg
	warnExposure(cfg)
	if err := statedir.Ensure(cfg.StateDir); err != nil {
		return err
	}
	if g.lock, err = statedir.Acquire(cfg.StateDir); err != nil {
		return err
	}
	cred, err := statedir.LoadOrCreateCredentials(cfg.StateDir)
	if err != nil {
		return err
	}
	lookup := func(id string) (string, bool) {
		return cred.AccessKeySecret, id == cred.AccessKeyID
	}
	if g.store, err = store.Open(cfg.StateDir); err != nil {
		return err
	}
	if g.sink, err = instance.NewFileSink(filepath.Join(cfg.StateDir, statedir.FunctionLogDir)); err != nil {
		return err
	}
	g.meter = billing.New(time.Now)
	isolation, err := chooseIsolation(cfg.Isolation, cfg.Logger)
	if err != nil {
		return err
	}
	if isolation == IsolationSandbox {
		g.memory = memoryLimits(cfg.Logger)
	}
	if g.plane, err = dataplane.New(dataplane.Config{
		Sandboxed:        isolation == IsolationSandbox,
		Memory:           g.memory,
		Hide:             []string{cfg.StateDir},
		BindHost:         cfg.Host,
		PropagationDelay: planeDelay(cfg.PropagationDelay),
		Region:           cfg.Region,
		AccountID:        cfg.AccountID,
		Lookup:           lookup,
		MaxInstances:     cfg.MaxInstances,
		IdleTTL:          cfg.IdleTTL,
		IdleDrop:         cfg.IdleDrop,
		Limits:           cfg.Limits,
		Fault:            cfg.DataFault,
		Meter:            g.meter,
		LogSink:          g.sink,
		Logger:           cfg.Logger,

		AcceptFC2Signatures: cfg.AcceptFC2Signatures,
	}); err != nil {
		return err
	}
	if err := g.openDomains(); err != nil {
		return err
	}
	rec := &reconciler{store: g.store, plane: g.plane, delay: cfg.PropagationDelay,
		served: map[string]map[string]string{}, urls: map[string]string{}, updating: map[string]time.Time{}}
	nonces := fcauth.NewNonceCache(0)
	verify := func(r *http.Request, body []byte) error {
		return fcauth.VerifyACS3(r, body, lookup, time.Now(), fcauth.WithNonceCache(nonces))
	}
	api, err := controlapi.New(controlapi.Config{
		Store:     g.store,
		Code:      codezip.Layout{Root: filepath.Join(cfg.StateDir, "code")},
		Region:    cfg.Region,
		AccountID: cfg.AccountID,
		TriggerURLs: func(_, urlID string) (string, string) {
			u := rec.url(urlID)
			return u, u // locally the VPC URL is the public one
		},
		AuthenticateDigest: func(r *http.Request, sum string) error {
			return fcauth.VerifyACS3Digest(r, sum, lookup, time.Now(), fcauth.WithNonceCache(nonces))
		},
		AuthenticateHeaders: func(r *http.Request) error {
			return fcauth.VerifyACS3Headers(r, lookup, time.Now())
		},
		StateDelay:  cfg.StateDelay,
		CheckStart:  rec.checkStart,
		Provisioned: g.plane.Provisioned,
		Sessions:    sessionTable{g.plane},
		Instances:   planInstances(g.plane),
		Notify: func(e controlapi.Event) {
			if e.Domain != "" {
				if err := g.domainEvent(e); err != nil {
					cfg.Logger.Error("cannot serve a custom domain's change", "domain", e.Domain, "event", e.Kind, "error", err)
				}
				return
			}
			if err := rec.event(e); err != nil {
				cfg.Logger.Error("cannot serve a change", "function", e.Function, "event", e.Kind, "error", err)
			}
		},
		Log: cfg.Logger,
	})
	if err != nil {
		return err
	}
	rec.api = api
	if err := api.SweepCode(); err != nil {
		cfg.Logger.Warn("cannot remove unused code versions", "error", err)
	}
	if err := rec.restore(); err != nil {
		return fmt.Errorf("cannot serve the stored functions again: %w", err)
	}

	if g.ln, err = net.Listen("tcp", cfg.Listen); err != nil {
		return fmt.Errorf("cannot listen on %s: %w", cfg.Listen, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET "+statedir.IdentityPath, identityHandler(statedir.IdentityKey(cred), g.ln.Addr().String(), os.Getpid()))
	mux.Handle("GET /metrics", metricsHandler(g.plane, g.meter))
	mux.Handle("GET "+billingPath, billingHandler(g.meter, verify, cfg.Logger))
	mux.Handle("GET "+instancesPath, instancesHandler(g.plane, verify, cfg.Logger))
	mux.Handle("/", withFaults(api, cfg.ControlFault))
	g.http = &http.Server{Handler: mux, ReadHeaderTimeout: 30 * time.Second}
	go func() { g.served <- g.http.Serve(g.ln) }()

	g.info = statedir.Info{
		PID:              os.Getpid(),
		ControlAddress:   g.ln.Addr().String(),
		Region:           cfg.Region,
		AccountID:        cfg.AccountID,
		Version:          cfg.Version,
		PropagationDelay: statedir.Duration(cfg.PropagationDelay),
		MaxInstances:     cfg.MaxInstances,
		Isolation:        isolation,
		StartedAt:        time.Now().UTC().Truncate(time.Second),
	}
	if err := g.serveDomains(&g.info); err != nil {
		return err
	}
	if err := statedir.WriteInfo(cfg.StateDir, g.info); err != nil {
		return err
	}
	cfg.Logger.Info("gateway ready", "control_address", g.info.ControlAddress, "state_dir", cfg.StateDir,
		"propagation_delay", cfg.PropagationDelay, "max_connections", g.plane.MaxConnections(), "isolation", isolation)
	return nil
}

// planeDelay translates "0: at once" to the data plane's "negative: none".
func planeDelay(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// Info is what gateway.json says of this gateway.
func (g *Gateway) Info() statedir.Info { return g.info }

// Wait blocks until ctx ends or the control server fails, then shuts down.
func (g *Gateway) Wait(ctx context.Context) error {
	var err error
	select {
	case <-ctx.Done():
	case err = <-g.served:
	}
	return errors.Join(err, g.Shutdown(context.Background()))
}

// ShutdownTimeout bounds Shutdown: room for the longest PreStop hook FC
// allows, then SIGTERM's grace and the rest.
const ShutdownTimeout = fcspec.PreStopTimeoutMax*time.Second + 30*time.Second

// Shutdown stops accepting, stops every instance and releases the state
// directory. Instances get their PreStop hook, SIGTERM, then SIGKILL after a
// grace period.
func (g *Gateway) Shutdown(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, ShutdownTimeout)
	defer cancel()
	var errs []error
	if g.http != nil {
		errs = append(errs, ignoreClosed(g.http.Shutdown(ctx)))
	}
	errs = append(errs, g.closeDomains())
	if g.plane != nil {
		errs = append(errs, g.plane.Close(ctx))
	}
	if g.memory != nil {
		errs = append(errs, g.memory.Close())
	}
	g.release()
	return errors.Join(errs...)
}

func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// release closes what Start opened, in reverse order.
func (g *Gateway) release() {
	if g.store != nil {
		g.store.Close()
	}
	if g.sink != nil {
		g.sink.Close()
	}
	if g.info.PID != 0 {
		statedir.RemoveInfo(g.cfg.StateDir, g.info.PID)
	}
	if g.lock != nil {
		g.lock.Release()
	}
}
