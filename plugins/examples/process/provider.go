package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// provider is the "process" provider: it records what wsdeploy writes in
// the state directory and has the supervisor converge on it.
type provider struct {
	st    store
	nginx string
	ports domainPorts // where the custom domains answer
	mu    sync.Mutex  // with st.lock: one writer at a time
}

var _ sdk.Provider = (*provider)(nil)

func newProvider(ctx context.Context, s settings) (*provider, error) {
	dir, err := filepath.Abs(s.stateDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state_dir %s: %w", dir, err)
	}
	nginx, err := findNginx(s.nginx)
	if err != nil {
		return nil, err
	}
	st := store{dir: dir}
	ports, err := st.ports()
	if err != nil {
		return nil, fmt.Errorf("state_dir %s: the custom domains' ports: %w", dir, err)
	}
	return &provider{st: st, nginx: nginx, ports: ports}, nil
}

// Info says where the custom domains answer: no DNS knows them.
func (p *provider) Info() sdk.Info {
	return sdk.Info{Name: "process", Endpoint: p.st.dir, Domains: &sdk.DomainEndpoint{
		HTTP: fmt.Sprintf("127.0.0.1:%d", p.ports.HTTP), HTTPS: fmt.Sprintf("127.0.0.1:%d", p.ports.HTTPS)}}
}

func (p *provider) ListFunctions(_ context.Context, stack string) ([]*sdk.Function, error) {
	recs, err := p.st.all()
	if err != nil {
		return nil, err
	}
	var out []*sdk.Function
	for _, r := range recs {
		if r.Function.Tags[sdk.StackTag] == stack {
			out = append(out, r.view())
		}
	}
	return out, nil
}

func (p *provider) GetFunction(_ context.Context, name string) (*sdk.Function, error) {
	r, err := p.st.get(name)
	if err != nil {
		return nil, err
	}
	return r.view(), nil
}

func (p *provider) CreateFunction(ctx context.Context, f *sdk.Function, code *sdk.Code) (*sdk.Function, error) {
	var out *sdk.Function
	err := p.change(ctx, func() error {
		if have, err := p.st.get(f.Name); err == nil {
			if !sameAsAsked(have.Function, f, code) {
				return fmt.Errorf("function %q already exists", f.Name)
			}
			sdk.ReportExisted(ctx) // another run created it: not counted as added
			out = have.view()
			return nil
		}
		port, err := freePort()
		if err != nil {
			return err
		}
		r := &record{Port: port, Triggers: map[string]*triggerRec{}}
		if err := p.write(r, f, code); err != nil {
			return err
		}
		out = r.view()
		return nil
	})
	return out, err
}

func (p *provider) UpdateFunction(ctx context.Context, f *sdk.Function, code *sdk.Code) (*sdk.Function, error) {
	var out *sdk.Function
	err := p.change(ctx, func() error {
		r, err := p.st.get(f.Name)
		if err != nil {
			return err
		}
		if err := p.write(r, f, code); err != nil {
			return err
		}
		out = r.view()
		return nil
	})
	return out, err
}

// write stores f (and code, when given) as r's function. Triggers live in
// r.Triggers; the observed fields are this provider's to set.
func (p *provider) write(r *record, f *sdk.Function, code *sdk.Code) error {
	if f.Container != nil || f.Runtime == fcspec.CustomContainer {
		return fmt.Errorf("function %q: the process provider runs code packages, not containers", f.Name)
	}
	stored := *f
	stored.Triggers, stored.OtherTriggers = nil, nil
	stored.ARN = "process:" + f.Name
	stored.LastModified = time.Now().UTC().Format(time.RFC3339)
	if r.Function != nil {
		stored.CodeChecksum, stored.CodeSize = r.Function.CodeChecksum, r.Function.CodeSize
	}
	if code != nil {
		zip, err := code.Bytes() // in memory as the protocol delivers it
		if err != nil {
			return err
		}
		if sum := fcspec.CodeChecksum(zip); sum != code.Checksum {
			return fmt.Errorf("function %q: the code package's CRC-64 is %s, not %s as sent: it was damaged on the way", f.Name, sum, code.Checksum)
		}
		path := p.st.codePath(f.Name, code.Checksum)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, zip, 0o644); err != nil {
			return err
		}
		stored.CodeChecksum, stored.CodeSize = code.Checksum, int64(len(zip))
	}
	if stored.CodeChecksum == "" {
		return fmt.Errorf("function %q has no code package", f.Name)
	}
	r.Function = &stored
	return p.st.put(r)
}

func (p *provider) DeleteFunction(ctx context.Context, name string) error {
	return p.change(ctx, func() error {
		r, err := p.st.get(name)
		if err != nil {
			return err
		}
		if len(r.Triggers) > 0 {
			return fmt.Errorf("function %q still has triggers: delete them first", name)
		}
		return p.st.remove(name)
	})
}

func (p *provider) CreateTrigger(ctx context.Context, function string, t *sdk.HTTPTrigger) (*sdk.HTTPTrigger, error) {
	return p.putTrigger(ctx, function, t, true)
}

func (p *provider) UpdateTrigger(ctx context.Context, function string, t *sdk.HTTPTrigger) (*sdk.HTTPTrigger, error) {
	return p.putTrigger(ctx, function, t, false)
}

func (p *provider) putTrigger(ctx context.Context, function string, t *sdk.HTTPTrigger, create bool) (*sdk.HTTPTrigger, error) {
	if t.AuthType != fcspec.AuthAnonymous {
		return nil, fmt.Errorf("trigger %q: the process provider serves anonymous triggers only: set auth_type = %q (got %q)", t.Name, fcspec.AuthAnonymous, t.AuthType)
	}
	var out *sdk.HTTPTrigger
	err := p.change(ctx, func() error {
		r, err := p.st.get(function)
		if err != nil {
			return err
		}
		old, exists := r.Triggers[t.Name]
		switch {
		case create && exists && sameTrigger(old.Trigger, t):
			sdk.ReportExisted(ctx)
			out = old.Trigger
			return nil
		case create && exists:
			return fmt.Errorf("trigger %q of function %q already exists", t.Name, function)
		case !create && !exists:
			return fmt.Errorf("trigger %q of function %q: %w", t.Name, function, sdk.ErrNotFound)
		}
		port := 0
		if exists {
			port = old.Port // the URL stays
		} else if port, err = freePort(); err != nil {
			return err
		}
		stored := *t
		stored.URLInternet = fmt.Sprintf("http://127.0.0.1:%d/", port)
		stored.URLIntranet = stored.URLInternet
		stored.LastModified = time.Now().UTC().Format(time.RFC3339)
		r.Triggers[t.Name] = &triggerRec{Trigger: &stored, Port: port}
		out = &stored
		return p.st.put(r)
	})
	return out, err
}

func (p *provider) DeleteTrigger(ctx context.Context, function, trigger string) error {
	return p.change(ctx, func() error {
		r, err := p.st.get(function)
		if err != nil {
			return err
		}
		if _, ok := r.Triggers[trigger]; !ok {
			return fmt.Errorf("trigger %q of function %q: %w", trigger, function, sdk.ErrNotFound)
		}
		delete(r.Triggers, trigger)
		return p.st.put(r)
	})
}

// SignRequest has nothing to sign: every trigger is anonymous.
func (p *provider) SignRequest(*http.Request) error {
	return errors.New("the process provider has no signed triggers (auth_type must be anonymous)")
}

// change runs a write under the lock, then has the supervisor converge on
// the new state before the call returns, so that a trigger serves (or a
// deleted function stops) by the time wsdeploy moves on.
func (p *provider) change(ctx context.Context, write func() error) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	unlock, err := p.st.lock()
	if err != nil {
		return err
	}
	err = write()
	unlock()
	if err != nil {
		return err
	}
	return syncSupervisor(ctx, p.st, p.nginx)
}
