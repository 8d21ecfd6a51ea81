package server

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/gateway/localca"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

const chat = "chat.example.test"

// domainClient reaches the gateway's domain listener at addr whatever
// host a URL names (no DNS), verifying TLS against roots.
func domainClient(addr string, roots *x509.CertPool, tlsMax uint16) *http.Client {
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		DialContext:     dial,
		TLSClientConfig: &tls.Config{RootCAs: roots, MaxVersion: tlsMax},
	}}
}

func caPool(t *testing.T, pemFile string) *x509.CertPool {
	t.Helper()
	b, err := os.ReadFile(pemFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		t.Fatalf("%s holds no certificate", pemFile)
	}
	return pool
}

// get fetches url through c and returns status, body and FC's error code.
func get(t *testing.T, c *http.Client, method, url string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var e struct{ ErrorCode string }
	if resp.StatusCode >= 400 {
		if err := json.Unmarshal(body, &e); err != nil || resp.Header.Get("X-Fc-Request-Id") == "" || resp.Header.Get("X-Fc-Error-Type") != "FcCommonError" {
			t.Errorf("%s %s: error answer not FC's shape: %d %q, headers %v", method, url, resp.StatusCode, body, resp.Header)
		}
	}
	return resp.StatusCode, string(body), e.ErrorCode
}

// echoVia opens a WebSocket through client at url and echoes one message.
func echoVia(t *testing.T, c *http.Client, url, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: c})
	if err != nil {
		t.Fatalf("dial %s: %v", url, err)
	}
	defer conn.CloseNow()
	if err := conn.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	if _, got, err := conn.Read(ctx); err != nil || string(got) != msg {
		t.Fatalf("echo through %s: %q, %v", url, got, err)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

func route(path, fn string, methods ...string) *fc.PathConfig {
	return &fc.PathConfig{Path: dara.String(path), FunctionName: dara.String(fn), Methods: dara.StringSlice(methods)}
}

func createDomain(c *fc.Client, in *fc.CreateCustomDomainInput) (*fc.CustomDomain, error) {
	resp, err := c.CreateCustomDomain(&fc.CreateCustomDomainRequest{Body: in})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

func sdkCode(err error) string {
	var se *tea.SDKError
	if errors.As(err, &se) {
		return dara.StringValue(se.Code)
	}
	return ""
}

// Custom domains end to end: routing by Host and path as FC matches,
// methods, FC's errors, HTTP and HTTPS (local CA, verified) with a
// WebSocket through wss://, a trigger with disableURLInternet that leaves
// the domain serving, and a restart that keeps it all.
func TestCustomDomainsServe(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, nil)
	c := sdk(t, dir)
	deployEcho(t, c, "echo-a", 1)
	closed := deployEcho(t, c, "echo-b", 1)
	if _, err := c.UpdateTrigger(dara.String("echo-b"), dara.String("ws"), &fc.UpdateTriggerRequest{Body: &fc.UpdateTriggerInput{
		TriggerConfig: dara.String(`{"methods":["GET"],"authType":"anonymous","disableURLInternet":true}`),
	}}); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := get(t, http.DefaultClient, "GET", closed); code != http.StatusForbidden {
		t.Fatalf("echo-b's trigger URL with disableURLInternet: %d, want 403", code)
	}

	info := g.Info()
	if info.DomainAddress == "" || info.DomainTLSAddress == "" || info.CACertificate != filepath.Join(dir, "ca.pem") {
		t.Fatalf("gateway.json lacks the domain listeners or the CA: %+v", info)
	}
	if onDisk, err := statedir.ReadInfo(dir); err != nil || onDisk.DomainTLSAddress != info.DomainTLSAddress || onDisk.CACertificate != info.CACertificate {
		t.Fatalf("gateway.json: %+v, %v", onDisk, err)
	}
	if st, err := os.Stat(filepath.Join(dir, "ca-key.pem")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("CA key: %v, %v; want mode 0600", st, err)
	}

	if _, err := createDomain(c, &fc.CreateCustomDomainInput{
		DomainName: dara.String(chat),
		Protocol:   dara.String("HTTP,HTTPS"),
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{
			route("/*", "echo-a", "GET"),
			route("/api/*", "echo-a"),
			route("/api/b/*", "echo-b"),
			route("/ws", "echo-b", "GET"),
		}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := createDomain(c, &fc.CreateCustomDomainInput{
		DomainName: dara.String("narrow.example.test"), Protocol: dara.String("HTTP"),
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("/ws", "echo-a")}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := createDomain(c, &fc.CreateCustomDomainInput{
		DomainName: dara.String("*.wild.example.test"), Protocol: dara.String("HTTPS"),
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("/*", "echo-b")}},
	}); err != nil {
		t.Fatal(err)
	}

	check := func(info statedir.Info) {
		t.Helper()
		plain := domainClient(info.DomainAddress, nil, 0)
		secure := domainClient(info.DomainTLSAddress, caPool(t, info.CACertificate), 0)
		instance := func(fn string) string {
			ins := g.plane.Instances(fn)
			if len(ins) == 0 {
				t.Fatalf("%s has no instance", fn)
			}
			return ins[0].ID
		}
		for _, tc := range []struct {
			client  *http.Client
			url, fn string
		}{
			{plain, "http://" + chat + "/ws", "echo-b"},            // exact before "/*"
			{plain, "http://CHAT.Example.TEST:80/api/x", "echo-a"}, // Host without port, any case
			{plain, "http://" + chat + "/api/b/c/d", "echo-b"},     // the longest wildcard
			{plain, "http://" + chat + "/wsx", "echo-a"},           // "/ws" is exact only
			{secure, "https://" + chat + "/api/b/", "echo-b"},      // TLS from the local CA
			{plain, "http://narrow.example.test/ws?q=1", "echo-a"},
			{secure, "https://a.wild.example.test/x", "echo-b"}, // a wildcard domain, its own leaf
		} {
			code, body, _ := get(t, tc.client, "GET", tc.url)
			if code != http.StatusOK || !strings.Contains(body, "instance "+instance(tc.fn)+" ") {
				t.Errorf("GET %s: %d %q; want echo from %s (%s)", tc.url, code, body, tc.fn, instance(tc.fn))
			}
		}
		for _, tc := range []struct{ method, url, code string }{
			{"POST", "http://" + chat + "/other", "MethodNotAllowed"},
			{"GET", "http://unknown.example.test/ws", "DomainNameNotFound"},
			{"GET", "http://narrow.example.test/other", "RouteNotFound"},
			{"GET", "http://narrow.example.test/ws/", "RouteNotFound"},
			{"GET", "http://b.c.wild.example.test/x", "DomainNameNotFound"}, // one label only
		} {
			want := map[string]int{"MethodNotAllowed": 403}[tc.code]
			if want == 0 {
				want = 404
			}
			if got, body, code := get(t, plain, tc.method, tc.url); got != want || code != tc.code {
				t.Errorf("%s %s: %d %s %q; want %d %s", tc.method, tc.url, got, code, body, want, tc.code)
			}
		}
		if _, err := secure.Get("https://narrow.example.test/ws"); err == nil {
			t.Error("an HTTP-only domain completed a TLS handshake")
		}
		echoVia(t, secure, "wss://"+chat+"/ws", "through wss on the custom domain")
		echoVia(t, plain, "ws://"+chat+"/ws", "through ws on the custom domain")
	}
	check(info)

	// A restart serves the stored domains again, on new ports, with the
	// same CA.
	if err := g.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	g = startGateway(t, dir, nil)
	check(g.Info())

}

// selfSigned returns a CA pool and a leaf certificate and key (PEM) for
// host, issued by a CA that is not the gateway's: another local CA.
func selfSigned(t *testing.T, host string) (*x509.CertPool, string, string) {
	t.Helper()
	ca, err := localca.LoadOrCreate(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Leaf(host)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(leaf.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca.CertificatePEM())
	return pool, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: leaf.Certificate[0]})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
}

// The control API: FC's validation and errors, a domain's own certificate
// served and verified against its issuer, tlsConfig.minVersion honoured,
// the private key never returned, FC's merge on update, paging.
func TestCustomDomainsAPI(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(t.TempDir(), "gateway.log")
	g := startGateway(t, dir, func(c *Config) {
		f, err := os.Create(logs)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		c.Logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	c := sdk(t, dir)
	deployEcho(t, c, "echo", 1)
	const host = "given.example.test"
	roots, certPEM, keyPEM := selfSigned(t, host)
	_, _, otherKey := selfSigned(t, host)
	_, wrongHostCert, wrongHostKey := selfSigned(t, "other.example.test")
	routes := &fc.RouteConfig{Routes: []*fc.PathConfig{route("/ws", "echo", "GET")}}

	for _, tc := range []struct {
		name string
		in   *fc.CreateCustomDomainInput
		code string
	}{
		{"upper case", &fc.CreateCustomDomainInput{DomainName: dara.String("Chat.example.test")}, "InvalidArgument"},
		{"one label", &fc.CreateCustomDomainInput{DomainName: dara.String("localhost")}, "InvalidArgument"},
		{"protocol", &fc.CreateCustomDomainInput{DomainName: dara.String(host), Protocol: dara.String("WS")}, "InvalidArgument"},
		{"missing function", &fc.CreateCustomDomainInput{DomainName: dara.String(host),
			RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("/ws", "nope")}}}, "FunctionNotFound"},
		{"bad path", &fc.CreateCustomDomainInput{DomainName: dara.String(host),
			RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("ws", "echo")}}}, "InvalidArgument"},
		{"bad method", &fc.CreateCustomDomainInput{DomainName: dara.String(host),
			RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("/ws", "echo", "CONNECT")}}}, "InvalidArgument"},
		{"key of another certificate", &fc.CreateCustomDomainInput{DomainName: dara.String(host), Protocol: dara.String("HTTPS"),
			CertConfig: &fc.CertConfig{Certificate: dara.String(certPEM), PrivateKey: dara.String(otherKey)}}, "InvalidArgument"},
		{"certificate of another host", &fc.CreateCustomDomainInput{DomainName: dara.String(host), Protocol: dara.String("HTTPS"),
			CertConfig: &fc.CertConfig{Certificate: dara.String(wrongHostCert), PrivateKey: dara.String(wrongHostKey)}}, "InvalidArgument"},
		{"no key", &fc.CreateCustomDomainInput{DomainName: dara.String(host), Protocol: dara.String("HTTPS"),
			CertConfig: &fc.CertConfig{Certificate: dara.String(certPEM)}}, "InvalidArgument"},
		{"tls version", &fc.CreateCustomDomainInput{DomainName: dara.String(host),
			TlsConfig: &fc.TLSConfig{MinVersion: dara.String("TLSv2")}}, "InvalidArgument"},
	} {
		if _, err := createDomain(c, tc.in); sdkCode(err) != tc.code {
			t.Errorf("%s: %v; want %s", tc.name, err, tc.code)
		} else if strings.Contains(err.Error(), "PRIVATE KEY") {
			t.Errorf("%s: the error shows a private key: %v", tc.name, err)
		}
	}

	created, err := createDomain(c, &fc.CreateCustomDomainInput{
		DomainName: dara.String(host), Protocol: dara.String("HTTPS"), RouteConfig: routes,
		CertConfig: &fc.CertConfig{CertName: dara.String("given"), Certificate: dara.String(certPEM), PrivateKey: dara.String(keyPEM)},
		TlsConfig:  &fc.TLSConfig{MinVersion: dara.String("TLSv1.3")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := createDomain(c, &fc.CreateCustomDomainInput{DomainName: dara.String(host)}); sdkCode(err) != "DomainNameAlreadyExists" {
		t.Errorf("second create: %v", err)
	}
	got, err := c.GetCustomDomain(dara.String(host))
	if err != nil {
		t.Fatal(err)
	}
	listed, err := c.ListCustomDomains(&fc.ListCustomDomainsRequest{})
	if err != nil || len(listed.Body.CustomDomains) != 1 {
		t.Fatalf("list: %v, %v", listed, err)
	}
	for what, d := range map[string]*fc.CustomDomain{"create": created, "get": got.Body, "list": listed.Body.CustomDomains[0]} {
		if d.CertConfig == nil || d.CertConfig.PrivateKey != nil || dara.StringValue(d.CertConfig.Certificate) != certPEM ||
			dara.StringValue(d.Protocol) != "HTTPS" || len(d.RouteConfig.Routes) != 1 {
			t.Errorf("%s returned %v; want the certificate without its key", what, d)
		}
	}
	if _, err := c.GetCustomDomain(dara.String("none.example.test")); sdkCode(err) != "DomainNameNotFound" {
		t.Errorf("get unknown: %v", err)
	}

	addr := g.Info().DomainTLSAddress
	if code, _, _ := get(t, domainClient(addr, roots, 0), "GET", "https://"+host+"/ws"); code != http.StatusOK {
		t.Errorf("HTTPS with the domain's own certificate: %d", code)
	}
	if _, err := domainClient(addr, caPool(t, g.Info().CACertificate), 0).Get("https://" + host + "/ws"); err == nil {
		t.Error("the domain's own certificate verified against the local CA: the gateway served its own")
	}
	if _, err := domainClient(addr, roots, tls.VersionTLS12).Get("https://" + host + "/ws"); err == nil {
		t.Error("a TLS 1.2 client got through a domain with minVersion TLSv1.3")
	}

	// Update merges: what it leaves out stays; an empty certConfig clears.
	upd, err := c.UpdateCustomDomain(dara.String(host), &fc.UpdateCustomDomainRequest{Body: &fc.UpdateCustomDomainInput{
		Protocol: dara.String("HTTP,HTTPS"), CertConfig: &fc.CertConfig{},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if d := upd.Body; d.CertConfig != nil || len(d.RouteConfig.Routes) != 1 || dara.StringValue(d.TlsConfig.MinVersion) != "TLSv1.3" {
		t.Errorf("update: %v", d)
	}
	if code, _, _ := get(t, domainClient(addr, caPool(t, g.Info().CACertificate), 0), "GET", "https://"+host+"/ws"); code != http.StatusOK {
		t.Errorf("HTTPS from the local CA once the certificate is cleared: %d", code)
	}
	if _, err := c.UpdateCustomDomain(dara.String(host), &fc.UpdateCustomDomainRequest{Body: &fc.UpdateCustomDomainInput{
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{route("/a", "nope")}},
	}}); sdkCode(err) != "FunctionNotFound" {
		t.Errorf("update to a missing function: %v", err)
	}

	// Paging, as FC's other lists.
	for _, n := range []string{"a.example.test", "b.example.test"} {
		if _, err := createDomain(c, &fc.CreateCustomDomainInput{DomainName: dara.String(n)}); err != nil {
			t.Fatal(err)
		}
	}
	page, err := c.ListCustomDomains(&fc.ListCustomDomainsRequest{Limit: dara.Int32(2)})
	if err != nil || len(page.Body.CustomDomains) != 2 || page.Body.NextToken == nil {
		t.Fatalf("first page: %v, %v", page, err)
	}
	rest, err := c.ListCustomDomains(&fc.ListCustomDomainsRequest{Limit: dara.Int32(2), NextToken: page.Body.NextToken})
	if err != nil || len(rest.Body.CustomDomains) != 1 || dara.StringValue(rest.Body.CustomDomains[0].DomainName) != host || rest.Body.NextToken != nil {
		t.Fatalf("second page: %v, %v", rest, err)
	}
	if pre, err := c.ListCustomDomains(&fc.ListCustomDomainsRequest{Prefix: dara.String("b.")}); err != nil || len(pre.Body.CustomDomains) != 1 {
		t.Fatalf("prefix: %v, %v", pre, err)
	}

	if _, err := c.DeleteCustomDomain(dara.String(host)); err != nil {
		t.Fatal(err)
	}
	if code, _, ec := get(t, domainClient(g.Info().DomainAddress, nil, 0), "GET", "http://"+host+"/ws"); code != 404 || ec != "DomainNameNotFound" {
		t.Errorf("a deleted domain: %d %s", code, ec)
	}
	if _, err := c.DeleteCustomDomain(dara.String(host)); sdkCode(err) != "DomainNameNotFound" {
		t.Errorf("second delete: %v", err)
	}

	// The key's lines (its PEM body, wherever it was cut) are nowhere in
	// the gateway's log, which did log the requests.
	b, err := os.ReadFile(logs)
	if err != nil || !strings.Contains(string(b), "gateway ready") {
		t.Fatalf("gateway log: %v, %q", err, b)
	}
	for _, line := range strings.Split(keyPEM, "\n") {
		if len(line) > 20 && strings.Contains(string(b), line) {
			t.Errorf("the gateway's log holds the private key: %q", line)
		}
	}
}

// The plane's connection cap counts the custom domains' connections:
// past it a new connection gets FC's 503 at once, and a place freed is
// taken again.
func TestCustomDomainsConnectionCap(t *testing.T) {
	dir := t.TempDir()
	g := startGateway(t, dir, func(c *Config) { c.Limits.MaxConnections = 2 })
	addr := g.Info().DomainAddress
	dial := func() net.Conn {
		t.Helper()
		c, err := net.DialTimeout("tcp", addr, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	held := []net.Conn{dial(), dial()}
	refusedStatus := func(c net.Conn) string {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		b, _ := io.ReadAll(c)
		return string(b)
	}
	if got := refusedStatus(dial()); !strings.HasPrefix(got, "HTTP/1.1 503 ") || !strings.Contains(got, "ResourceThrottled") {
		t.Fatalf("a third connection under a cap of 2: %q", got)
	}
	held[0].Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c := dial()
		req := "GET /ws HTTP/1.1\r\nHost: unknown.example.test\r\nConnection: close\r\n\r\n"
		c.Write([]byte(req))
		got := refusedStatus(c)
		if strings.HasPrefix(got, "HTTP/1.1 404 ") {
			break // admitted: the router answered
		}
		if time.Now().After(deadline) {
			t.Fatalf("the freed place was never taken again: %q", got)
		}
	}
}
