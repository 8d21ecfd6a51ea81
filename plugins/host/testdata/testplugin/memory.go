package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// memory is a provider that keeps functions in memory, misbehaving in the
// calls its mode names.
type memory struct {
	mode     string
	region   string
	endpoint string

	mu      sync.Mutex
	fns     map[string]*sdk.Function
	domains map[string]*sdk.CustomDomain
	ended   map[string]bool // functions whose session was deleted
	// Protocol 1.2's (optional.go).
	triggers map[string]bool // "function/trigger" created
	locks    map[string]sdk.LockInfo
}

func newMemory(mode, region string) *memory {
	return &memory{mode: mode, region: region, fns: map[string]*sdk.Function{},
		domains: map[string]*sdk.CustomDomain{}, ended: map[string]bool{},
		triggers: map[string]bool{}, locks: map[string]sdk.LockInfo{}}
}

func (m *memory) Info() sdk.Info {
	return sdk.Info{Name: "test", Region: m.region, Endpoint: m.endpoint,
		Domains: &sdk.DomainEndpoint{HTTP: "127.0.0.1:9080", HTTPS: "127.0.0.1:9443", CACertificate: []byte("CA PEM")}}
}

func (m *memory) ListFunctions(_ context.Context, stack string) ([]*sdk.Function, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*sdk.Function
	for _, f := range m.fns {
		if f.Tags[sdk.StackTag] == stack {
			out = append(out, f)
		}
	}
	return out, nil
}

func (m *memory) GetFunction(ctx context.Context, name string) (*sdk.Function, error) {
	if m.mode == "hang-call" {
		<-ctx.Done() // the host gives up first; then the call ends
		return nil, ctx.Err()
	}
	return m.function(name)
}

// CreateFunction of a function that exists in the same stack finds it
// there, as another run created it: it reports that (protocol 1.2) and
// succeeds.
func (m *memory) CreateFunction(ctx context.Context, f *sdk.Function, code *sdk.Code) (*sdk.Function, error) {
	if m.mode == "crash-call" {
		panic("boom in CreateFunction")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if have, ok := m.fns[f.Name]; ok {
		if have.Tags[sdk.StackTag] != "" && have.Tags[sdk.StackTag] == f.Tags[sdk.StackTag] {
			sdk.ReportExisted(ctx)
			return have, nil
		}
		return nil, fmt.Errorf("function %q already exists", f.Name)
	}
	stored := *f
	if code != nil {
		if err := logCode(f.Name, code); err != nil {
			return nil, err
		}
		stored.CodeChecksum, stored.CodeSize = code.Checksum, code.Len()
	}
	m.fns[f.Name] = &stored
	return &stored, nil
}

func (m *memory) UpdateFunction(ctx context.Context, f *sdk.Function, code *sdk.Code) (*sdk.Function, error) {
	m.mu.Lock()
	_, ok := m.fns[f.Name]
	if ok {
		delete(m.fns, f.Name)
	}
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("function %q: %w", f.Name, sdk.ErrNotFound)
	}
	return m.CreateFunction(ctx, f, code)
}

// logCode reads the zip as a provider does and logs how it arrived (in a
// file: streamed by UploadCode; in memory: in the call's message), its
// size and the CRC-64 of what was read, for the host's tests to compare.
func logCode(function string, code *sdk.Code) error {
	hash := fcspec.NewCodeHash()
	n, err := io.Copy(hash, code.Reader())
	if err != nil {
		return err
	}
	in := "memory"
	if code.File != nil && code.Zip == nil {
		in = "file"
	}
	// One message, not key-value pairs: the log's JSON would reorder them
	// and write the size as a float.
	sdk.Logger().Info(fmt.Sprintf("code received: function=%s in=%s size=%d crc64=%s", function, in, n, fcspec.FormatCodeChecksum(hash.Sum64())))
	return nil
}

func (m *memory) DeleteFunction(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.fns[name]; !ok {
		return fmt.Errorf("function %q: %w", name, sdk.ErrNotFound)
	}
	delete(m.fns, name)
	return nil
}

// CreateTrigger of a trigger created before reports that it found it.
func (m *memory) CreateTrigger(ctx context.Context, function string, t *sdk.HTTPTrigger) (*sdk.HTTPTrigger, error) {
	m.mu.Lock()
	if m.triggers[function+"/"+t.Name] {
		sdk.ReportExisted(ctx)
	}
	m.triggers[function+"/"+t.Name] = true
	m.mu.Unlock()
	return m.UpdateTrigger(ctx, function, t)
}

func (m *memory) UpdateTrigger(_ context.Context, function string, t *sdk.HTTPTrigger) (*sdk.HTTPTrigger, error) {
	out := *t
	out.URLInternet = "http://127.0.0.1:9/" + function + "/" + t.Name
	return &out, nil
}

func (m *memory) DeleteTrigger(_ context.Context, function, trigger string) error {
	return fmt.Errorf("trigger %q of %q: %w", trigger, function, sdk.ErrNotFound)
}

// SignRequest signs with the method and URL, so the test can see that both
// crossed the wire.
func (m *memory) SignRequest(r *http.Request) error {
	r.Header.Set("Authorization", "test "+r.Method+" "+r.URL.String()+" "+r.Header.Get("X-Before"))
	r.Header.Set("X-Before", "changed")
	return nil
}
