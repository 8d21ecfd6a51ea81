package fcauth_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Names that need every kind of escaping: space, *, ~, +, %, /, ?, #, &, =,
// and non-ASCII.
const (
	oddFunction = "fn with space*~ü+%/?#&=日本"
	oddTrigger  = "ws trigger/ü*"
)

// newSDKClient builds the official FC client against a loopback address,
// exactly as the aliyun provider will point it at the local gateway.
func newSDKClient(t *testing.T, addr, ak, secret string, hc dara.HttpClient) *fc.Client {
	t.Helper()
	t.Setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, "") // dara would send even loopback traffic through a proxy
	}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(ak),
		AccessKeySecret: dara.String(secret),
		Endpoint:        dara.String(addr),
		Protocol:        dara.String("HTTP"),
		HttpClient:      hc,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type sdkCall struct {
	name   string
	method string
	call   func(*fc.Client) error
}

// sdkCalls exercise every control API path wsdeploy uses, with bodies, odd
// names and query strings full of special characters.
var sdkCalls = []sdkCall{
	{"CreateFunction", "POST", func(c *fc.Client) error {
		_, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: &fc.CreateFunctionInput{
			FunctionName:         dara.String("ws-echo"),
			Runtime:              dara.String("custom.debian12"),
			Handler:              dara.String("index.handler"),
			Description:          dara.String("emoji 🚀 & <tags> \"quoted\" \\ back\nslash ~*+%"),
			Code:                 &fc.InputCodeLocation{ZipFile: dara.String("UEsDBAoAAAAAAA==")},
			EnvironmentVariables: map[string]*string{"GREETING": dara.String("a=b&c d")},
			InstanceConcurrency:  dara.Int32(20),
		}})
		return err
	}},
	{"GetFunction", "GET", func(c *fc.Client) error {
		_, err := c.GetFunction(dara.String(oddFunction), &fc.GetFunctionRequest{Qualifier: dara.String("LATEST")})
		return err
	}},
	{"UpdateFunction", "PUT", func(c *fc.Client) error {
		_, err := c.UpdateFunction(dara.String(oddFunction), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
			Description: dara.String("päth ~*"), Timeout: dara.Int32(600),
		}})
		return err
	}},
	{"ListFunctions/odd query", "GET", func(c *fc.Client) error {
		_, err := c.ListFunctions(&fc.ListFunctionsRequest{
			Prefix:    dara.String("a b*~ü+&=%/?#"),
			Limit:     dara.Int32(10),
			NextToken: dara.String("tok+/= =="),
			Tags:      []*fc.Tag{{Key: dara.String("wsdeploy-stack"), Value: dara.String("demo & co ✓")}},
		})
		return err
	}},
	{"ListFunctions/no query", "GET", func(c *fc.Client) error {
		_, err := c.ListFunctions(&fc.ListFunctionsRequest{})
		return err
	}},
	{"GetFunctionCode", "GET", func(c *fc.Client) error {
		_, err := c.GetFunctionCode(dara.String(oddFunction), &fc.GetFunctionCodeRequest{Qualifier: dara.String("1")})
		return err
	}},
	{"CreateTrigger", "POST", func(c *fc.Client) error {
		_, err := c.CreateTrigger(dara.String(oddFunction), &fc.CreateTriggerRequest{Body: &fc.CreateTriggerInput{
			TriggerName:   dara.String(oddTrigger),
			TriggerType:   dara.String("http"),
			TriggerConfig: dara.String(`{"methods":["GET","POST"],"authType":"function"}`),
		}})
		return err
	}},
	{"GetTrigger", "GET", func(c *fc.Client) error {
		_, err := c.GetTrigger(dara.String(oddFunction), dara.String(oddTrigger))
		return err
	}},
	{"UpdateTrigger", "PUT", func(c *fc.Client) error {
		_, err := c.UpdateTrigger(dara.String(oddFunction), dara.String(oddTrigger), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
			TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous"}`),
		}})
		return err
	}},
	{"ListTriggers", "GET", func(c *fc.Client) error {
		_, err := c.ListTriggers(dara.String(oddFunction), &fc.ListTriggersRequest{Prefix: dara.String("ws *~"), Limit: dara.Int32(5), NextToken: dara.String("n/1")})
		return err
	}},
	{"PutConcurrencyConfig", "PUT", func(c *fc.Client) error {
		_, err := c.PutConcurrencyConfig(dara.String(oddFunction), &fc.PutConcurrencyConfigRequest{Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(2)}})
		return err
	}},
	{"GetConcurrencyConfig", "GET", func(c *fc.Client) error {
		_, err := c.GetConcurrencyConfig(dara.String(oddFunction))
		return err
	}},
	{"DeleteConcurrencyConfig", "DELETE", func(c *fc.Client) error {
		_, err := c.DeleteConcurrencyConfig(dara.String(oddFunction))
		return err
	}},
	{"DeleteTrigger", "DELETE", func(c *fc.Client) error {
		_, err := c.DeleteTrigger(dara.String(oddFunction), dara.String(oddTrigger))
		return err
	}},
	{"DeleteFunction", "DELETE", func(c *fc.Client) error {
		_, err := c.DeleteFunction(dara.String(oddFunction))
		return err
	}},
}

// sdkRequests runs every call against a fresh gateway and returns the raw
// requests, each of which the gateway verified.
func sdkRequests(t *testing.T) [][]byte {
	t.Helper()
	g := newGateway(t)
	c := newSDKClient(t, g.addr, testAK, testSecret, nil)
	for _, sc := range sdkCalls {
		before := len(g.exchanges())
		if err := sc.call(c); err != nil {
			t.Fatalf("%s: the SDK's request was refused: %v", sc.name, err)
		}
		ex := g.exchanges()
		if len(ex) != before+1 {
			t.Fatalf("%s: gateway saw %d requests, want 1", sc.name, len(ex)-before)
		}
		last := ex[len(ex)-1]
		if last.err != nil {
			t.Fatalf("%s: VerifyACS3: %v", sc.name, last.err)
		}
		if !bytes.HasPrefix(last.raw, []byte(sc.method+" ")) {
			t.Fatalf("%s: request line %q, want method %s", sc.name, firstLine(last.raw), sc.method)
		}
	}
	var raws [][]byte
	for _, e := range g.exchanges() {
		raws = append(raws, e.raw)
	}
	return raws
}

func TestSDKRequestsVerify(t *testing.T) {
	raws := sdkRequests(t)
	if len(raws) != len(sdkCalls) {
		t.Fatalf("got %d requests, want %d", len(raws), len(sdkCalls))
	}
	// The names really were escaped on the wire, and bodies were sent.
	wantLine := "GET /2023-03-30/functions/fn%20with%20space%2A~%C3%BC%2B%25%2F%3F%23%26%3D%E6%97%A5%E6%9C%AC?qualifier=LATEST HTTP/1.1"
	if got := firstLine(raws[1]); got != wantLine {
		t.Errorf("GetFunction request line\n got %s\nwant %s", got, wantLine)
	}
	if !strings.Contains(firstLine(raws[3]), "prefix=a+b%2A~%C3%BC%2B%26%3D%25%2F%3F%23") {
		t.Errorf("ListFunctions query not escaped as expected: %s", firstLine(raws[3]))
	}
	if !bytes.Contains(raws[0], []byte(`"functionName":"ws-echo"`)) {
		t.Errorf("CreateFunction body missing: %s", raws[0])
	}
}

// sdkCode extracts FC's code and status from what the SDK returned.
func sdkCode(t *testing.T, err error) (string, int) {
	t.Helper()
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Fatalf("want *tea.SDKError, got %T: %v", err, err)
	}
	return dara.StringValue(se.Code), dara.IntValue(se.StatusCode)
}

func TestSDKRefusals(t *testing.T) {
	getFunction := sdkCalls[1].call

	t.Run("wrong secret", func(t *testing.T) {
		g := newGateway(t)
		err := getFunction(newSDKClient(t, g.addr, testAK, "not-the-secret", nil))
		code, status := sdkCode(t, err)
		if code != string(fcspec.CodeSignatureDoesNotMatch) || status != http.StatusBadRequest {
			t.Fatalf("got %s %d", code, status)
		}
		if strings.Contains(err.Error(), testSecret) {
			t.Fatal("the refusal contains the gateway's secret")
		}
	})
	t.Run("unknown access key", func(t *testing.T) {
		g := newGateway(t)
		code, status := sdkCode(t, getFunction(newSDKClient(t, g.addr, "LTAIunknown", testSecret, nil)))
		if code != string(fcspec.CodeAccessKeyNotFound) || status != http.StatusNotFound {
			t.Fatalf("got %s %d", code, status)
		}
	})
	for _, tc := range []struct {
		skew time.Duration
		want string
	}{
		{16 * time.Minute, string(fcspec.CodeTimeStampExpired)},
		{-16 * time.Minute, string(fcspec.CodeTimeStampExpired)},
		{14 * time.Minute, ""},
		{-14 * time.Minute, ""},
	} {
		t.Run("server clock "+tc.skew.String(), func(t *testing.T) {
			g := newGateway(t)
			g.setSkew(tc.skew)
			err := getFunction(newSDKClient(t, g.addr, testAK, testSecret, nil))
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused within the window: %v", err)
				}
				return
			}
			if code, _ := sdkCode(t, err); code != tc.want {
				t.Fatalf("got %s, want %s", code, tc.want)
			}
		})
	}
	t.Run("replayed request", func(t *testing.T) {
		g := newGateway(t)
		for _, sc := range sdkCalls {
			before := len(g.exchanges())
			code, status := sdkCode(t, sc.call(newSDKClient(t, g.addr, testAK, testSecret, replayer{})))
			if code != string(fcspec.CodeNonceUsed) || status != http.StatusBadRequest {
				t.Fatalf("%s replayed: got %s %d", sc.name, code, status)
			}
			ex := g.exchanges()[before:]
			if len(ex) != 2 || ex[0].err != nil {
				t.Fatalf("%s: the original should verify and only the replay be refused: %+v", sc.name, ex)
			}
		}
	})
}

// replayer sends each request twice, byte for byte, and hands the SDK the
// answer to the replay.
type replayer struct{}

func (replayer) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		body, _ = io.ReadAll(r.Body)
	}
	var resp *http.Response
	for i := range 2 {
		again := r.Clone(r.Context())
		again.Body = io.NopCloser(bytes.NewReader(body))
		again.ContentLength = int64(len(body))
		var err error
		if resp, err = directClient.Do(again); err != nil {
			return nil, err
		}
		if i == 0 {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
		}
	}
	return resp, nil
}

// directClient never uses a proxy: these tests talk to loopback only.
var directClient = &http.Client{Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}

func firstLine(raw []byte) string {
	line, _, _ := bytes.Cut(raw, []byte("\r\n"))
	return string(line)
}
