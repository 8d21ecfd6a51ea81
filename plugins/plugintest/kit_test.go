package plugintest_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/plugintest"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// recorder is a testing.TB whose Fatal ends the kit's goroutine and keeps
// the message, so that a test can check how the kit fails.
type recorder struct {
	testing.TB
	failure string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failure = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

// runKit runs the kit against wrap(the local provider) and returns how it
// failed ("" if it passed).
func runKit(t *testing.T, wrap func(providers.Provider) providers.Provider) string {
	p, _, err := local.New(context.Background(), local.Settings{StateDir: gateway(t), NoStart: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		plugintest.Run(rec, func(testing.TB) providers.Provider { return wrap(p) })
	}()
	<-done
	return rec.failure
}

// forgetful loses the environment on reads.
type forgetful struct{ providers.Provider }

func (f forgetful) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	fn, err := f.Provider.GetFunction(ctx, name)
	if fn != nil {
		fn.Environment = nil
	}
	return fn, err
}

// vague reports a missing function with an error of its own.
type vague struct{ providers.Provider }

func (v vague) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	fn, err := v.Provider.GetFunction(ctx, name)
	if errors.Is(err, providers.ErrNotFound) {
		return nil, errors.New("HTTP 404")
	}
	return fn, err
}

// The kit fails at the first deviation and says where.
func TestKitFailsPrecisely(t *testing.T) {
	for _, c := range []struct {
		name string
		wrap func(providers.Provider) providers.Provider
		want []string
	}{
		{"forgetful", func(p providers.Provider) providers.Provider { return forgetful{p} },
			[]string{"plugintest: create: GetFunction(", "reads back Environment = map[string]string(nil); it was written as map[string]string{\"GREETING\":\"hello\"}"}},
		{"vague", func(p providers.Provider) providers.Provider { return vague{p} },
			[]string{"plugintest: fresh stack owns nothing: GetFunction(", "returned HTTP 404; want an error matching providers.ErrNotFound"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := runKit(t, c.wrap)
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("failure lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
