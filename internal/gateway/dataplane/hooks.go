package dataplane

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Hook is one of a custom runtime's lifecycle hooks. FC calls a fixed path
// of the instance's server (fcspec.InitializePath, fcspec.PreStopPath); the
// handler FC's API asks for means nothing to a custom runtime.
type Hook struct {
	Timeout time.Duration // default fcspec.DefaultHookTimeout
}

// normalizeHooks fills in the hooks' default timeouts and checks FC's
// bound on preStop's.
func (s *FunctionSpec) normalizeHooks() error {
	for _, h := range []**Hook{&s.Initializer, &s.PreStop} {
		if *h != nil {
			c := **h // the caller's hook stays as it was
			if c.Timeout <= 0 {
				c.Timeout = fcspec.DefaultHookTimeout
			}
			*h = &c
		}
	}
	if h := s.PreStop; h != nil && h.Timeout > fcspec.PreStopTimeoutMax*time.Second {
		return fmt.Errorf("function %q: the pre-stop timeout is %s; Function Compute allows at most %d seconds", s.Name, h.Timeout, fcspec.PreStopTimeoutMax)
	}
	return nil
}

// hookAnswerMax bounds how much of a hook's answer the gateway reads (for
// the function's log when it failed).
const hookAnswerMax = 512

// HookError is a lifecycle hook that failed: it answered non-2xx, not
// within its timeout, or not at all.
type HookError struct {
	Method, Path string
	Status       int    // 0: no answer
	Answer       string // the start of its body
	Err          error  // why there was no answer
	Timeout      time.Duration
}

func (e *HookError) Error() string {
	hook := e.Method + " " + e.Path
	switch {
	case e.Status != 0:
		return fmt.Sprintf("%s answered %d, not 2xx: %q", hook, e.Status, e.Answer)
	case errors.Is(e.Err, context.DeadlineExceeded):
		return fmt.Sprintf("%s did not answer within its timeout of %s", hook, e.Timeout)
	default:
		return fmt.Sprintf("%s failed: %v", hook, e.Err)
	}
}

// callHook sends FC's hook request (no body, FC's request headers with a
// request id of its own) to the instance's server and waits for a 2xx
// answer, at most timeout or until ctx ends. Its time is billed.
func (in *inst) callHook(ctx context.Context, method, path string, timeout time.Duration) error {
	p := in.f.p
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, "http://"+in.id+path, nil)
	if err != nil {
		return &HookError{Method: method, Path: path, Err: err}
	}
	reqID, _ := p.ids.next()
	fc := newFCHeaders(p, reqID, in)
	fc.set(req.Header)
	tr := &http.Transport{
		DialContext:       func(ctx context.Context, _, _ string) (net.Conn, error) { return in.proc.Dial(ctx) },
		DisableKeepAlives: true,
	}
	defer tr.CloseIdleConnections()
	done := p.cfg.Meter.BeginHook(in.spec.Name, in.id, in.spec.MemoryMB, p.clock.Now())
	resp, err := (&http.Client{Transport: tr}).Do(req)
	var answer []byte
	if err == nil {
		answer, _ = io.ReadAll(io.LimitReader(resp.Body, hookAnswerMax))
		resp.Body.Close()
	}
	done(p.clock.Now())
	switch {
	case err != nil:
		return &HookError{Method: method, Path: path, Err: err, Timeout: timeout}
	case resp.StatusCode/100 != 2:
		return &HookError{Method: method, Path: path, Status: resp.StatusCode, Answer: string(answer)}
	}
	return nil
}

// initialize runs the function's Initializer on a new instance, if it has
// one: nothing is routed to the instance before it answered 2xx. A closing
// plane abandons it.
func (in *inst) initialize() error {
	h := in.spec.Initializer
	if h == nil {
		return nil
	}
	return in.callHook(in.f.p.ctx, fcspec.InitializeMethod, fcspec.InitializePath, h.Timeout)
}

// preStop runs the function's PreStop hook, if it has one, before the
// instance is stopped: the instance ends only once it answered or its
// timeout passed, so its server can close its connections itself (1001)
// first. It runs even while the plane closes, and not on an instance
// whose process has already ended.
func (in *inst) preStop() {
	h := in.spec.PreStop
	if h == nil {
		return
	}
	select {
	case <-in.proc.Done():
		return
	default:
	}
	if err := in.callHook(context.Background(), fcspec.PreStopMethod, fcspec.PreStopPath, h.Timeout); err != nil {
		in.f.p.functionLog(in.spec.Name, in.id, "instance "+in.id+": the PreStop hook "+err.Error()+"; stopping the instance anyway")
	}
}

// initFailure is the answer to the requests that waited for an instance
// whose Initializer failed: FC's InitializationError. The detail went to
// the function's log; the next request starts a new instance.
func initFailure(in *inst) *Failure {
	c := fcspec.CodeInitializerFailed
	return &Failure{Status: c.TriggerStatus(), Type: fcspec.ErrorTypeInitialization, Code: c,
		Message: "The function's Initializer (POST /initialize) failed or timed out; the function's log (wsdeploy logs) says why",
		Detail:  fmt.Sprintf("instance %s: the Initializer %v", in.id, in.err), in: in}
}
