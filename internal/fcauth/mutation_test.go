package fcauth_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// parsedRequest is a raw request read back the way the gateway's server
// reads it.
type parsedRequest struct {
	r    *http.Request
	body []byte
}

func parseRaw(raw []byte) (parsedRequest, error) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return parsedRequest{}, err
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return parsedRequest{}, err
	}
	return parsedRequest{r, body}, nil
}

// signedAt is the request's own x-acs-date, so a recorded request can be
// verified later as if it had just arrived.
func signedAt(t *testing.T, p parsedRequest) time.Time {
	t.Helper()
	d, err := time.Parse(fcauth.ACS3DateFormat, p.r.Header.Get("x-acs-date"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// signedSpans are the byte ranges of raw that the signature covers: the
// method and request target, every signed header line and Authorization,
// and the body.
func signedSpans(t *testing.T, raw []byte, signed []string) [][2]int {
	t.Helper()
	head, _, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no end of headers")
	}
	isSigned := map[string]bool{"authorization": true}
	for _, h := range signed {
		isSigned[h] = true
	}
	var spans [][2]int
	lines := bytes.Split(head, []byte("\r\n"))
	// request line: method and target, not the protocol version
	sp1 := bytes.IndexByte(lines[0], ' ')
	sp2 := bytes.LastIndexByte(lines[0], ' ')
	spans = append(spans, [2]int{0, sp1}, [2]int{sp1 + 1, sp2})
	off := len(lines[0]) + 2
	for _, line := range lines[1:] {
		name, _, _ := bytes.Cut(line, []byte(":"))
		if isSigned[strings.ToLower(string(name))] {
			spans = append(spans, [2]int{off, off + len(line)})
		}
		off += len(line) + 2
	}
	spans = append(spans, [2]int{len(head) + 4, len(raw)})
	return spans
}

// sameRequest reports whether two parsed requests mean the same thing to a
// server: a mutation that yields the same request is no mutation at all
// (a header name's case, the case of a %-escape in the query).
func sameRequest(a, b parsedRequest) bool {
	pa, qa, _ := strings.Cut(a.r.RequestURI, "?")
	pb, qb, _ := strings.Cut(b.r.RequestURI, "?")
	va, erra := url.ParseQuery(qa)
	vb, errb := url.ParseQuery(qb)
	return a.r.Method == b.r.Method && pa == pb && erra == nil && errb == nil && reflect.DeepEqual(va, vb) &&
		a.r.Host == b.r.Host && reflect.DeepEqual(a.r.Header, b.r.Header) && bytes.Equal(a.body, b.body)
}

// TestMutationsRefused takes every request the SDK sent and flips each byte
// of its signed parts, one at a time, with each of the eight single-bit
// masks. Every mutant must be refused, unless it is the same request spelled
// differently, which only a flipped letter case (0x20) can produce.
func TestMutationsRefused(t *testing.T) {
	testtier.NeedsProcesses(t)
	raws := sdkRequests(t)
	var total, refused, equivalent int
	for _, raw := range raws {
		orig, err := parseRaw(raw)
		if err != nil {
			t.Fatal(err)
		}
		now := signedAt(t, orig).Add(time.Second)
		if err := fcauth.VerifyACS3(orig.r, orig.body, lookup, now); err != nil {
			t.Fatalf("recorded request does not verify: %v", err)
		}
		auth, err := fcauth.ParseAuthorization(orig.r.Header.Get("Authorization"))
		if err != nil {
			t.Fatal(err)
		}
		for _, span := range signedSpans(t, raw, auth.SignedHeaders) {
			for i := span[0]; i < span[1]; i++ {
				for bit := range 8 {
					mask := byte(1) << bit
					mutant := bytes.Clone(raw)
					mutant[i] ^= mask
					total++
					m, err := parseRaw(mutant)
					if err != nil {
						refused++ // the server would answer 400 before any handler
						continue
					}
					// no nonce cache: a mutant must fail on its own merits
					if fcauth.VerifyACS3(m.r, m.body, lookup, now) != nil {
						refused++
						continue
					}
					// only a letter's case can be respelled: header names, %-escapes
					if mask != 0x20 || !sameRequest(orig, m) {
						t.Errorf("byte %d %q^%#02x of %q accepted:\n%s", i, raw[i], mask, firstLine(raw), mutant)
						continue
					}
					equivalent++
				}
			}
		}
	}
	t.Logf("%d requests, %d mutants: %d refused, %d accepted as the same request spelled differently", len(raws), total, refused, equivalent)
	if total < 10000 {
		t.Fatalf("only %d mutants: the spans are wrong", total)
	}
}

// TestTriggerMutationsRefused does the same for the FC trigger scheme, whose
// signature covers the method, the unescaped path, the query, Date,
// Content-Type, Content-MD5 and the x-fc-* headers, but not the body.
func TestTriggerMutationsRefused(t *testing.T) {
	c, err := http.NewRequest("POST", "http://abc.cn-hangzhou.fcapp.run/chat%20room/%C3%BC?room=a%2Fb&x=1&x=2&e=", strings.NewReader("hi"))
	if err != nil {
		t.Fatal(err)
	}
	c.Header.Set("Content-Type", "text/plain")
	c.Header.Set("Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==")
	c.Header.Set("X-Fc-Trace", "abc")
	if err := fcauth.SignTrigger(c, testCred, t0); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Write(&buf); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	orig, err := parseRaw(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := fcauth.VerifyTrigger(orig.r, lookup, t0, fc2); err != nil {
		t.Fatalf("recorded request does not verify: %v", err)
	}
	spans := signedSpans(t, raw, []string{"date", "content-type", "content-md5", "x-fc-trace"})
	spans = spans[:len(spans)-1] // the body is not signed in this scheme

	same := func(a, b parsedRequest) bool {
		return a.r.Method == b.r.Method && a.r.URL.Path == b.r.URL.Path &&
			reflect.DeepEqual(a.r.URL.Query(), b.r.URL.Query()) && a.r.Host == b.r.Host &&
			reflect.DeepEqual(a.r.Header, b.r.Header)
	}
	var total, refused, equivalent int
	for _, span := range spans {
		for i := span[0]; i < span[1]; i++ {
			for bit := range 8 {
				mask := byte(1) << bit
				mutant := bytes.Clone(raw)
				mutant[i] ^= mask
				total++
				m, err := parseRaw(mutant)
				if err != nil || fcauth.VerifyTrigger(m.r, lookup, t0, fc2) != nil {
					refused++
					continue
				}
				if mask != 0x20 || !same(orig, m) {
					t.Errorf("byte %d %q^%#02x accepted:\n%s", i, raw[i], mask, mutant)
					continue
				}
				equivalent++
			}
		}
	}
	t.Logf("%d mutants: %d refused, %d accepted as the same request spelled differently", total, refused, equivalent)
}
