package aliyun

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"

	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// progressLog collects what the provider reports while it waits.
type progressLog struct {
	mu    sync.Mutex
	lines []providers.Progress
}

func (l *progressLog) ctx() context.Context {
	return providers.WithProgress(context.Background(), func(p providers.Progress) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.lines = append(l.lines, p)
	})
}

func (l *progressLog) said(what string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.lines {
		if strings.Contains(p.What, what) {
			return true
		}
	}
	return false
}

func withStateDelay(d time.Duration) func(*controlapi.Config) {
	return func(c *controlapi.Config) { c.StateDelay = d }
}

// UpdateFunction returns only once FC reports the update applied; tags and
// concurrency are written after it, and the wait is on the progress line.
func TestUpdateWaitsUntilTheUpdateIsSuccessful(t *testing.T) {
	const delay = time.Second
	g := newGatewayWith(t, withStateDelay(delay))
	p := g.provider(t)
	f := wsFunction("chat", "demo")
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	f.Timeout = 30
	f.MaxInstances = intp(3)
	var log progressLog
	start := time.Now()
	got, err := p.UpdateFunction(log.ctx(), f, codeOf(t, "v2"))
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < delay {
		t.Errorf("UpdateFunction returned after %s, before FC's update (%s) was done", waited, delay)
	}
	if !log.said("lastUpdateStatus InProgress") {
		t.Errorf("nothing on the progress line while waiting: %+v", log.lines)
	}
	if got.Timeout != 30 || got.MaxInstances == nil || *got.MaxInstances != 3 {
		t.Errorf("after the wait: timeout %d, max instances %v", got.Timeout, got.MaxInstances)
	}
	raw, err := p.getFunction(ctx, "chat")
	if err != nil {
		t.Fatal(err)
	}
	if s := *raw.LastUpdateStatus; s != "Successful" {
		t.Errorf("lastUpdateStatus %s after UpdateFunction returned", s)
	}
}

// A function whose code cannot start fails the create with FC's reason.
func TestCreateOfCodeThatCannotStartFailsWithFCsReason(t *testing.T) {
	g := newGatewayWith(t, func(c *controlapi.Config) {
		c.CheckStart = func(*fc.Function) (fcspec.Code, string) {
			return fcspec.CodeCAFileNotFound, "/code/bootstrap does not exist"
		}
	})
	p := g.provider(t)
	_, err := p.CreateFunction(ctx, wsFunction("chat", "demo"), codeOf(t, "v1"))
	var se *StateError
	if !errors.As(err, &se) || se.ReasonCode != "CAFileNotFound" {
		t.Fatalf("err %v, want a StateError with CAFileNotFound", err)
	}
	for _, want := range []string{`"chat"`, "state Failed", "/code/bootstrap does not exist", "wsdeploy apply again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// The wait is bounded: a function that stays InProgress fails the update
// with what FC reports and what to do.
func TestTheWaitIsBounded(t *testing.T) {
	g := newGatewayWith(t, withStateDelay(time.Hour))
	s := g.settings()
	s.StateTimeout = 300 * time.Millisecond
	p := mustNew(t, s)
	f := wsFunction("chat", "demo")
	if _, err := p.CreateFunction(ctx, f, codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	f.Timeout = 30
	_, err := p.UpdateFunction(ctx, f, nil)
	if err == nil {
		t.Fatal("UpdateFunction succeeded while FC still reports the update InProgress")
	}
	for _, want := range []string{"lastUpdateStatus InProgress", "longer than the provider waits", "run wsdeploy apply again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
