package aliyun

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"

	"github.com/wsdeploy/wsdeploy/internal/testcert"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// selfSigned is a PEM certificate for host and its PEM private key.
func selfSigned(t testing.TB, host string) *providers.Certificate {
	t.Helper()
	p := testcert.Valid(t, host)
	return &providers.Certificate{Certificate: p.Cert, PrivateKey: p.Key}
}

// chatDomain is an HTTPS domain with two routes, as the engine writes one.
func chatDomain(t testing.TB) *providers.CustomDomain {
	return &providers.CustomDomain{
		Name:     "chat.example.com",
		Protocol: fcspec.ProtocolHTTPHTTPS,
		Cert:     selfSigned(t, "chat.example.com"),
		TLS:      &providers.TLS{MinVersion: fcspec.TLSv12},
		Routes: []*providers.Route{
			{Path: "/ws", Function: "chat", Methods: []string{"get"}},
			{Path: "/api/*", Function: "api", Methods: []string{"POST", "GET"}},
		},
	}
}

// bodyOf is the JSON an SDK input goes out as, decoded generically.
func bodyOf(t *testing.T, in any) map[string]any {
	t.Helper()
	var m map[string]any
	b, err := json.Marshal(in)
	if err != nil || json.Unmarshal(b, &m) != nil {
		t.Fatal(err)
	}
	return m
}

// Creation states every field FC has: the protocol, each route with its
// qualifier (LATEST) and methods, the certificate under a name derived
// from the domain, and the TLS policy with its maximum and cipher suites,
// which FC's API lists beside the minimum; a route without methods sends
// [] and never null.
func TestDomainInputStatesEveryField(t *testing.T) {
	d := chatDomain(t)
	d.Routes = append(d.Routes, &providers.Route{Path: "/*", Function: "web"})
	body := bodyOf(t, createDomainInput(providers.NormalizeDomain(d)))
	want := map[string]any{
		"domainName": "chat.example.com",
		"protocol":   "HTTP,HTTPS",
		"certConfig": map[string]any{"certName": "chat-example-com", "certificate": d.Cert.Certificate, "privateKey": d.Cert.PrivateKey},
		"tlsConfig": map[string]any{"minVersion": "TLSv1.2", "maxVersion": "TLSv1.3",
			"cipherSuites": toAny(fcspec.DefaultCipherSuites)},
		"routeConfig": map[string]any{"routes": []any{
			map[string]any{"path": "/ws", "functionName": "chat", "qualifier": "LATEST", "methods": []any{"GET"}},
			map[string]any{"path": "/api/*", "functionName": "api", "qualifier": "LATEST", "methods": []any{"GET", "POST"}},
			map[string]any{"path": "/*", "functionName": "web", "qualifier": "LATEST", "methods": []any{}},
		}},
	}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("CreateCustomDomain body\n%s\nwant\n%s", jsonOf(body), jsonOf(want))
	}
}

func toAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// An update that drops HTTPS sends the empty certConfig and tlsConfig
// that remove them (FC keeps what an update leaves out), and only when
// the domain has them to remove.
func TestUpdateDomainRemovesCertificateAndTLS(t *testing.T) {
	cur := providers.NormalizeDomain(chatDomain(t))
	cur.Cert.PrivateKey = "" // as a read returns it
	plain := chatDomain(t)
	plain.Protocol, plain.Cert, plain.TLS = fcspec.ProtocolHTTP, nil, nil
	plain = providers.NormalizeDomain(plain)

	body := bodyOf(t, updateDomainInput(plain, cur))
	if got := body["certConfig"]; !reflect.DeepEqual(got, map[string]any{}) {
		t.Errorf("certConfig %v, want {}", got)
	}
	if got := body["tlsConfig"]; !reflect.DeepEqual(got, map[string]any{"cipherSuites": []any{}}) {
		t.Errorf("tlsConfig %v, want empty", got)
	}
	if body["protocol"] != "HTTP" || body["routeConfig"] == nil {
		t.Errorf("protocol and routes not stated: %s", jsonOf(body))
	}
	body = bodyOf(t, updateDomainInput(plain, plain))
	if _, ok := body["certConfig"]; ok {
		t.Errorf("nothing to remove, yet the body has certConfig: %s", jsonOf(body))
	}
	if _, ok := body["tlsConfig"]; ok {
		t.Errorf("nothing to remove, yet the body has tlsConfig: %s", jsonOf(body))
	}
}

// What FC returns for what was sent reads back as the normalized
// declaration, the private key aside (FC never returns it); FC's
// defaults of the TLS policy read as no policy, as they were written.
func TestDomainReadsBackAsWritten(t *testing.T) {
	for _, tlsPolicy := range []*providers.TLS{nil, {MinVersion: fcspec.TLSv12}, {MinVersion: fcspec.TLSv13, CipherSuites: []string{"TLS_AES_128_GCM_SHA256"}}} {
		d := chatDomain(t)
		d.TLS = tlsPolicy
		want := providers.NormalizeDomain(d)
		in := createDomainInput(want)
		in.CertConfig.PrivateKey = nil
		raw := &fc.CustomDomain{}
		if b, err := json.Marshal(in); err != nil || json.Unmarshal(b, raw) != nil {
			t.Fatal(err)
		}
		if got := fromFCDomain(raw); !sameDomain(got, want) {
			t.Errorf("TLS %+v: read back\n%s\nwant\n%s", tlsPolicy, jsonOf(got), jsonOf(want))
		}
	}
}

// HTTPS without a certificate is refused before any call against FC,
// which cannot serve it, and allowed against the local gateway, which
// issues one from its CA.
func TestHTTPSWithoutCertificateOnlyOnTheGateway(t *testing.T) {
	d := chatDomain(t)
	d.Cert = nil
	d = providers.NormalizeDomain(d)
	fcTarget := &Provider{s: Settings{Name: Name}}
	err := fcTarget.checkDomain(d)
	if err == nil || !strings.Contains(err.Error(), "has no certificate") || !strings.Contains(err.Error(), "chat.example.com") {
		t.Errorf("FC: %v", err)
	}
	if err := (&Provider{s: Settings{Name: gatewayName}}).checkDomain(d); err != nil {
		t.Errorf("gateway: %v", err)
	}
	keyless := chatDomain(t)
	keyless.Cert.PrivateKey = ""
	if err := fcTarget.checkDomain(providers.NormalizeDomain(keyless)); err == nil || !strings.Contains(err.Error(), "private key") {
		t.Errorf("a certificate without its key: %v", err)
	}
}
