package aliyun

import (
	"fmt"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

// TestParallelCalls drives one Provider from many goroutines. Under -race
// (go test -race) it fails if the SDK's shared default HTTP client or the
// credentials chain's caches were used unguarded; it uses the default
// chain (environment keys) on purpose, with faults so retries overlap.
func TestParallelCalls(t *testing.T) {
	g := newGateway(t)
	cleanEnv(t)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", testAK)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", testSecret)
	p, err := New(ctx, chainSettings(g))
	if err != nil {
		t.Fatal(err)
	}
	g.setFault(everyNth(7))
	code := codeOf(t, "v1")

	const workers = 12
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- func() error {
				name := fmt.Sprintf("fn-%d", i)
				f := wsFunction(name, "race")
				if _, err := p.CreateFunction(ctx, f, code); err != nil {
					return err
				}
				if _, err := p.CreateTrigger(ctx, name, &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}); err != nil {
					return err
				}
				f.Timeout = 60 + i
				if _, err := p.UpdateFunction(ctx, f, nil); err != nil {
					return err
				}
				if _, err := p.ListFunctions(ctx, "race"); err != nil {
					return err
				}
				got, err := p.GetFunction(ctx, name)
				if err != nil {
					return err
				}
				if got.Timeout != 60+i || len(got.Triggers) != 1 {
					return fmt.Errorf("%s read back timeout %d, %d triggers", name, got.Timeout, len(got.Triggers))
				}
				return nil
			}()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	fs, err := p.ListFunctions(ctx, "race")
	if err != nil || len(fs) != workers {
		t.Errorf("listed %d of %d: %v", len(fs), workers, err)
	}
}
