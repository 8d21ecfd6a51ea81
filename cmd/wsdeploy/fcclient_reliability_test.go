package main

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// sdkClient is the official FC client on the gateway of state dir gw, for
// tests that look at the gateway's side directly.
func sdkClient(t *testing.T, gw string) *fc.Client {
	t.Helper()
	// An explicit key pair: no credential chain, no metadata service.
	info, err := statedir.Running(gw)
	if err != nil {
		t.Fatal(err)
	}
	cred, err := statedir.ReadCredentials(gw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(info.ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String(info.Region),
		HttpClient: sdkHTTP{&http.Client{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sdkHTTP keeps the SDK off its shared client, whose Timeout it rewrites
// on every call (a data race).
type sdkHTTP struct{ c *http.Client }

func (h sdkHTTP) Call(r *http.Request, _ *http.Transport) (*http.Response, error) { return h.c.Do(r) }

// remoteFunction is what the gateway holds of one function.
type remoteFunction struct {
	id          string            // FunctionId: a new one means deleted and created again
	reserved    bool              // reserved concurrency set
	triggerURLs map[string]string // trigger name → URL (its id is in the URL)
}

// remoteState lists every function on the gateway.
func remoteState(t *testing.T, c *fc.Client) map[string]remoteFunction {
	t.Helper()
	out := map[string]remoteFunction{}
	token := ""
	for {
		var resp *fc.ListFunctionsResponse
		if err := retried(func() (err error) {
			resp, err = c.ListFunctions(&fc.ListFunctionsRequest{Limit: dara.Int32(100), NextToken: dara.String(token)})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		for _, f := range resp.Body.Functions {
			name := dara.StringValue(f.FunctionName)
			if strings.HasPrefix(name, "wsdeploy-lock-") {
				continue // a stack's lock, which a killed apply leaves
			}
			rf := remoteFunction{id: dara.StringValue(f.FunctionId), triggerURLs: map[string]string{}}
			var ts *fc.ListTriggersResponse
			if err := retried(func() (err error) {
				ts, err = c.ListTriggers(f.FunctionName, &fc.ListTriggersRequest{})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			for _, tr := range ts.Body.Triggers {
				rf.triggerURLs[dara.StringValue(tr.TriggerName)] = dara.StringValue(tr.HttpTrigger.UrlInternet)
			}
			var cc *fc.GetConcurrencyConfigResponse
			if err := retried(func() (err error) {
				cc, err = c.GetConcurrencyConfig(f.FunctionName)
				return err
			}); err == nil && cc.Body.ReservedConcurrency != nil {
				rf.reserved = true
			}
			out[name] = rf
		}
		token = dara.StringValue(resp.Body.NextToken)
		if token == "" {
			return out
		}
	}
}

// retried repeats call while the gateway answers with an injected fault
// (429, 500, 503): tests that look at a faulty gateway need a clear view.
func retried(call func() error) error {
	var err error
	for range 20 {
		var e *tea.SDKError
		if err = call(); !errors.As(err, &e) || !slices.Contains([]int{429, 500, 503}, dara.IntValue(e.StatusCode)) {
			return err
		}
	}
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
