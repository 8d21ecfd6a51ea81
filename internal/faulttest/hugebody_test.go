package faulttest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// An unsigned or wrongly signed request announcing a huge body (100 MB, the
// largest code upload) is refused from its headers: the gateway answers
// before the body is sent, so no one without the key can make it buffer
// what it would for an upload. Huge headers are refused (431) too.
func TestHugeRequestsRefusedFromTheirHeaders(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	cred, err := statedir.ReadCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	addr := g.Info().ControlAddress
	date := time.Now().UTC().Format(fcauth.ACS3DateFormat)
	forged := fmt.Sprintf("Authorization: ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=content-type;host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=%s\r\n"+
		"x-acs-date: %s\r\nx-acs-content-sha256: %s\r\nx-acs-signature-nonce: forged\r\n", cred.AccessKeyID, strings.Repeat("0", 64), date, strings.Repeat("a", 64))
	for _, c := range []struct {
		name, auth string
		code       string
	}{
		{"unsigned", "", string(fcspec.CodeIncompleteSignature)},
		{"wrongly signed", forged, string(fcspec.CodeSignatureDoesNotMatch)},
	} {
		head := "POST /2023-03-30/functions HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\n" +
			c.auth + "Content-Length: 104857600\r\n\r\n{\"functionName\":"
		status, code := answerWithin(t, addr, head, 10*time.Second)
		if status != 400 || code != c.code {
			t.Errorf("%s, 100 MB announced: %d %s, want 400 %s before the body", c.name, status, code, c.code)
		}
	}
	head := "GET /2023-03-30/functions HTTP/1.1\r\nHost: " + addr + "\r\nX-Pad: " + strings.Repeat("a", 2<<20) + "\r\n\r\n"
	if status, _ := answerWithin(t, addr, head, 10*time.Second); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("2 MB of headers: %d, want 431", status)
	}
}

// answerWithin writes raw (a request cut short) and reads the answer,
// which must come within limit although the request is not complete.
func answerWithin(t *testing.T, addr, raw string, limit time.Duration) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(limit))
	go io.WriteString(c, raw) // the server may stop reading and answer first
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, "no answer: " + err.Error()
	}
	defer resp.Body.Close()
	var body struct{ Code string }
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Code
}
