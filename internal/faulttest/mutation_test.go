package faulttest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// recorder keeps the bytes the SDK writes on each connection; keep-alive
// is off, so each connection carries exactly one request.
type recorder struct {
	mu   sync.Mutex
	sent []*bytes.Buffer
}

func (r *recorder) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	b := &bytes.Buffer{}
	r.mu.Lock()
	r.sent = append(r.sent, b)
	r.mu.Unlock()
	return &recordingConn{Conn: c, buf: b}, nil
}

func (r *recorder) requests() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out [][]byte
	for _, b := range r.sent {
		out = append(out, bytes.Clone(b.Bytes()))
	}
	return out
}

type recordingConn struct {
	net.Conn
	buf *bytes.Buffer
}

func (c *recordingConn) Write(p []byte) (int, error) {
	c.buf.Write(p)
	return c.Conn.Write(p)
}

// recordedSDKRequests makes the official SDK send one request of each
// kind wsdeploy uses to the gateway of dir, and returns them as sent.
// Every one was accepted, so its nonce is spent.
func recordedSDKRequests(t *testing.T, dir string) [][]byte {
	t.Helper()
	info, cred := gatewayAccess(t, dir)
	rec := &recorder{}
	tr := &http.Transport{DialContext: rec.dial, DisableKeepAlives: true}
	c, err := fc.NewClient(&openapi.Config{
		AccessKeyId: dara.String(cred.AccessKeyID), AccessKeySecret: dara.String(cred.AccessKeySecret),
		Endpoint: dara.String(info.ControlAddress), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou"),
		HttpClient: httpClient{&http.Client{Transport: tr}},
	})
	if err != nil {
		t.Fatal(err)
	}
	calls := []func() error{
		func() error {
			_, err := c.GetFunction(dara.String("target"), &fc.GetFunctionRequest{Qualifier: dara.String("LATEST")})
			return err
		},
		func() error {
			_, err := c.ListFunctions(&fc.ListFunctionsRequest{Prefix: dara.String("tar get*"), Limit: dara.Int32(5)})
			return err
		},
		func() error {
			_, err := c.UpdateFunction(dara.String("target"), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{Description: dara.String("ü & <x>")}})
			return err
		},
		func() error {
			// A timer: FC allows one http trigger per function, and "ws" is it.
			in := triggerInput("second")
			in.TriggerType, in.TriggerConfig = dara.String("timer"), dara.String(`{"cronExpression":"@every 1m"}`)
			_, err := c.CreateTrigger(dara.String("target"), &fc.CreateTriggerRequest{Body: in})
			return err
		},
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatalf("the SDK's request was refused: %v", err)
		}
	}
	raws := rec.requests()
	if len(raws) != len(calls) {
		t.Fatalf("recorded %d requests, want %d", len(raws), len(calls))
	}
	return raws
}

// reply is the gateway's answer to one raw request.
type reply struct {
	status int
	code   string // FC's error code, "" on success
}

// send writes raw on a new connection and reads the answer; a request the
// server cannot even parse is answered 400 by net/http.
func send(t *testing.T, addr string, raw []byte) reply {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := c.Write(raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer to %q: %v", firstLine(raw), err)
	}
	defer resp.Body.Close()
	var body struct{ Code string }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &body)
	return reply{resp.StatusCode, body.Code}
}

func firstLine(raw []byte) string {
	line, _, _ := bytes.Cut(raw, []byte("\r\n"))
	return string(line)
}

// signedSpans are the byte ranges of raw that the signature covers: the
// method and target of the request line, every signed header line and
// Authorization, and the body.
func signedSpans(t *testing.T, raw []byte) [][2]int {
	t.Helper()
	head, _, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no end of headers")
	}
	p, _ := parse(raw)
	auth, err := fcauth.ParseAuthorization(p.r.Header.Get("Authorization"))
	if err != nil {
		t.Fatal(err)
	}
	signed := map[string]bool{"authorization": true}
	for _, h := range auth.SignedHeaders {
		signed[h] = true
	}
	lines := bytes.Split(head, []byte("\r\n"))
	sp1, sp2 := bytes.IndexByte(lines[0], ' '), bytes.LastIndexByte(lines[0], ' ')
	spans := [][2]int{{0, sp1}, {sp1 + 1, sp2}}
	off := len(lines[0]) + 2
	for _, line := range lines[1:] {
		name, _, _ := bytes.Cut(line, []byte(":"))
		if signed[strings.ToLower(string(name))] {
			spans = append(spans, [2]int{off, off + len(line)})
		}
		off += len(line) + 2
	}
	return append(spans, [2]int{len(head) + 4, len(raw)})
}

type parsed struct {
	r    *http.Request
	body []byte
}

func parse(raw []byte) (parsed, bool) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return parsed{}, false
	}
	body, err := io.ReadAll(r.Body)
	return parsed{r, body}, err == nil
}

// sameRequest reports whether two requests mean the same to a server: a
// flipped letter case in a header name or a %-escape respells a request
// without changing it.
func sameRequest(a, b parsed) bool {
	pa, qa, _ := strings.Cut(a.r.RequestURI, "?")
	pb, qb, _ := strings.Cut(b.r.RequestURI, "?")
	va, erra := url.ParseQuery(qa)
	vb, errb := url.ParseQuery(qb)
	return a.r.Method == b.r.Method && pa == pb && erra == nil && errb == nil && reflect.DeepEqual(va, vb) &&
		a.r.Host == b.r.Host && reflect.DeepEqual(a.r.Header, b.r.Header) && bytes.Equal(a.body, b.body)
}

// bits are the bits flipped in signed byte i: all eight (21,400 mutants,
// 4 s). Under the race detector, which makes that 30 s, two: the
// letter-case bit (0x20), which alone can respell a request without
// changing it, and one other, turning with i so that every bit position is
// flipped across a request; WSDEPLOY_FAULTTEST_ALLBITS=1 flips all eight
// there too.
func bits(i int) []int {
	if !raceEnabled || os.Getenv("WSDEPLOY_FAULTTEST_ALLBITS") != "" {
		return []int{0, 1, 2, 3, 4, 5, 6, 7}
	}
	return []int{5, []int{0, 1, 2, 3, 4, 6, 7}[i%7]}
}

// Single-bit changes of every signed byte of requests the SDK sent are
// refused by the real gateway over TCP (the fcauth package proves the
// same of VerifyACS3 alone for all eight bits). A mutant that passes the
// signature can only be the same request spelled differently, and the
// spent nonce then refuses it as a replay; the original itself is refused
// as a replay.
func TestMutantsRefusedByGateway(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	deploy(t, sdk(t, dir), "target", 1)
	addr := g.Info().ControlAddress
	var total, refused, respelled int
	for _, raw := range recordedSDKRequests(t, dir) {
		orig, ok := parse(raw)
		if !ok {
			t.Fatalf("recorded request does not parse: %q", raw)
		}
		if got := send(t, addr, raw); got.code != string(fcspec.CodeNonceUsed) {
			t.Errorf("%s replayed: %d %s, want SignatureNonceUsed", firstLine(raw), got.status, got.code)
		}
		for _, span := range signedSpans(t, raw) {
			for i := span[0]; i < span[1]; i++ {
				for _, bit := range bits(i) {
					mutant := bytes.Clone(raw)
					mutant[i] ^= 1 << bit
					total++
					got := send(t, addr, mutant)
					switch {
					case got.status >= 500:
						t.Errorf("byte %d ^%#02x of %s: server error %d %s", i, 1<<bit, firstLine(raw), got.status, got.code)
					case got.status < 300 || got.code == string(fcspec.CodeNonceUsed):
						if m, ok := parse(mutant); !ok || !sameRequest(orig, m) {
							t.Errorf("byte %d ^%#02x of %s passed the signature check (%d %s):\n%s", i, 1<<bit, firstLine(raw), got.status, got.code, mutant)
						}
						if got.status < 300 {
							t.Errorf("byte %d ^%#02x of %s: a replay was accepted", i, 1<<bit, firstLine(raw))
						}
						respelled++
					default:
						refused++
					}
				}
			}
		}
	}
	t.Logf("%d mutants: %d refused, %d the same request respelled (refused as a replay)", total, refused, respelled)
	if total < 4000 {
		t.Fatalf("only %d mutants: the spans are wrong", total)
	}
}
