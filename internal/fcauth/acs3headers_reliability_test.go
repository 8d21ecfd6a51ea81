package fcauth_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// failingBody fails the test if the body is read: VerifyACS3Headers must
// decide from the headers alone.
type failingBody struct{ t *testing.T }

func (b failingBody) Read([]byte) (int, error) {
	b.t.Error("VerifyACS3Headers read the body")
	return 0, io.EOF
}
func (failingBody) Close() error { return nil }

// VerifyACS3Headers accepts what the signature covers without reading the
// body, refuses what VerifyACS3 would refuse from the headers, and leaves
// the nonce and the body's hash to VerifyACS3.
func TestVerifyACS3Headers(t *testing.T) {
	body := `{"functionName":"f"}`
	signed := func(cred fcauth.Credentials) *http.Request {
		r, _ := http.NewRequest("POST", "http://127.0.0.1:9000/2023-03-30/functions", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		if err := fcauth.SignACS3(r, []byte(body), cred, t0, "nonce-1"); err != nil {
			t.Fatal(err)
		}
		r.Body = failingBody{t}
		return r
	}
	cache := fcauth.NewNonceCache(0)
	r := signed(testCred)
	for range 2 { // no nonce recorded
		if err := fcauth.VerifyACS3Headers(r, lookup, t0); err != nil {
			t.Fatalf("a signed request: %v", err)
		}
	}
	if err := fcauth.VerifyACS3(r, []byte(body), lookup, t0, fcauth.WithNonceCache(cache)); err != nil {
		t.Fatalf("VerifyACS3 after VerifyACS3Headers: %v", err)
	}
	if err := fcauth.VerifyACS3(r, []byte(body+" "), lookup, t0); err == nil {
		t.Error("VerifyACS3 accepted a body whose hash differs")
	}
	wrong := signed(fcauth.Credentials{AccessKeyID: testAK, AccessKeySecret: "not-" + testSecret})
	unsigned := signed(testCred)
	unsigned.Header.Del("Authorization")
	for name, c := range map[string]struct {
		r    *http.Request
		code fcspec.Code
	}{"wrong secret": {wrong, fcspec.CodeSignatureDoesNotMatch}, "unsigned": {unsigned, fcspec.CodeIncompleteSignature}} {
		var e *fcauth.Error
		if err := fcauth.VerifyACS3Headers(c.r, lookup, t0); !errors.As(err, &e) || e.Code != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	noHash := signed(testCred)
	noHash.Header.Del(fcauth.HeaderACSContentSHA256)
	if err := fcauth.VerifyACS3Headers(noHash, lookup, t0); err == nil {
		t.Error("accepted a request whose body no header vouches for")
	}
}
