package aliyun

import (
	"bytes"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

// seen is what the gateway received of one request.
type seen struct {
	header   http.Header
	length   int64
	chunked  bool
	bodySize int
}

// CreateFunction and UpdateFunction, which the provider sends itself to
// stream the code, go out as the SDK sends a call with a JSON body
// (CreateTrigger): the same header names and user agent, signed as the
// gateway verifies FC's ACS3, with an exact Content-Length and no
// chunking; the zip is read from its file, and a retried attempt sends the
// body again.
func TestFunctionRequestsAsTheSDKSendsThem(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	var mu sync.Mutex
	got := map[string]seen{}
	g.setFault(func(w http.ResponseWriter, r *http.Request, n int) bool {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("reading the body: %v", err)
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		action := r.Header.Get("x-acs-action")
		mu.Lock()
		got[action] = seen{r.Header.Clone(), r.ContentLength, slices.Contains(r.TransferEncoding, "chunked"), len(body)}
		mu.Unlock()
		if action == "UpdateFunction" && n == 1 {
			fcError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "try again")
			return true
		}
		return false
	})
	last := func(action string) seen {
		mu.Lock()
		defer mu.Unlock()
		return got[action]
	}
	f := wsFunction("chat", "demo")
	if _, err := p.CreateFunction(ctx, f, inFile(codeOf(t, "v1"))); err != nil {
		t.Fatal(err)
	}
	if _, err := p.CreateTrigger(ctx, "chat", &providers.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}); err != nil {
		t.Fatal(err)
	}
	v2 := codeOf(t, "v2")
	updated, err := p.UpdateFunction(ctx, f, inFile(v2))
	if err != nil {
		t.Fatalf("an update whose first attempt met a 503: %v", err)
	}
	if updated.CodeChecksum != v2.Checksum || g.count("UpdateFunction") != 2 {
		t.Errorf("update: checksum %s after %d requests, want %s after 2", updated.CodeChecksum, g.count("UpdateFunction"), v2.Checksum)
	}

	sdk := last("CreateTrigger")
	for _, action := range []string{"CreateFunction", "UpdateFunction"} {
		s := last(action)
		if s.chunked || s.length != int64(s.bodySize) || s.bodySize == 0 {
			t.Errorf("%s: Content-Length %d, chunked %v, body %d bytes; want the body's exact length, unchunked", action, s.length, s.chunked, s.bodySize)
		}
		if names, want := headerNames(s.header), headerNames(sdk.header); !slices.Equal(names, want) {
			t.Errorf("%s: headers %v; the SDK sends %v", action, names, want)
		}
		if s.header.Get("User-Agent") != sdk.header.Get("User-Agent") || !strings.Contains(s.header.Get("User-Agent"), "wsdeploy") {
			t.Errorf("%s: user agent %q, the SDK's %q", action, s.header.Get("User-Agent"), sdk.header.Get("User-Agent"))
		}
	}
	// With an STS token, signed as the SDK signs it.
	s := g.settings()
	s.SecurityToken = "sts-token"
	if _, err := mustNew(t, s).CreateFunction(ctx, wsFunction("sts", "demo"), inFile(v2)); err != nil {
		t.Fatalf("with an STS token: %v", err)
	}
	if h := last("CreateFunction").header; h.Get("x-acs-security-token") != "sts-token" || h.Get("x-acs-accesskey-id") != testAK {
		t.Errorf("with an STS token: x-acs-security-token %q, x-acs-accesskey-id %q", h.Get("x-acs-security-token"), h.Get("x-acs-accesskey-id"))
	}
}

// headerNames lists h's names in lower case, sorted, but Content-Length:
// Go reads it into the request's ContentLength.
func headerNames(h http.Header) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(h)) {
		if k = strings.ToLower(k); k != "content-length" {
			out = append(out, k)
		}
	}
	return out
}

// inFile is code with its zip in a file rather than in memory.
func inFile(code *providers.Code) *providers.Code {
	return &providers.Code{File: bytes.NewReader(code.Zip), Size: int64(len(code.Zip)), Checksum: code.Checksum}
}
