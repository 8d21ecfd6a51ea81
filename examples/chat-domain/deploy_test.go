package chatdomain_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/examples/internal/exampletest"
)

func TestMain(m *testing.M) { os.Exit(exampletest.Main(m)) }

// host is the stack's custom domain. No DNS knows it: clients connect to
// the gateway's TLS listener and send it as Host and TLS server name.
const host = "chat.example.test"

type event struct {
	Type     string `json:"type"`
	Instance string `json:"instance"`
}

// A real redis-server; the stack applied (its smoke test goes through the
// custom domain over verified TLS); then users reach the room at
// https://chat.example.test/ and their connections are cut at the
// function's timeout (1006): each comes back to its own instance, in Go
// and in headless Chromium, which trusts the gateway's CA the way a user
// would (its certificate database), not by ignoring certificate errors.
func TestDeploy(t *testing.T) {
	redisAddr := exampletest.StartRedis(t)
	gw := exampletest.StartGateway(t)
	gw.LogsOnFailure(t, "chat")
	// A short timeout: the gateway cuts every connection after 4 s.
	vars := []string{"-var", "redis_addr=" + redisAddr, "-var", "timeout=4"}

	gw.Validate(t, ".", vars[:2]...) // the 4 s timeout is for the test, and validate says so
	gw.Apply(t, ".", vars...)
	httpAddr, tlsAddr, caFile := gw.Domains(t)
	ca, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("smoke test through the domain", func(t *testing.T) {
		out := gw.Run(t, ".", append([]string{"-json", "smoke"}, vars...)...).Expect(t, 0).Stdout
		if !strings.Contains(out, `"domain":"`+host+`","url":"wss://`+host+`/"`) || !strings.Contains(out, `"outcome":"ok"`) {
			t.Errorf("wsdeploy smoke did not pass through wss://%s/:\n%s", host, out)
		}
	})
	t.Run("back to its instance after a cut", func(t *testing.T) { reconnects(t, tlsAddr, ca) })
	t.Run("chromium", func(t *testing.T) { browser(t, tlsAddr, caFile) })
	t.Run("sessions", func(t *testing.T) {
		out := gw.Run(t, ".", append(append([]string{"-json", "sessions"}, vars...), "chat")...).Expect(t, 0).Stdout
		if !strings.Contains(out, `"status":"Active"`) {
			t.Errorf("wsdeploy sessions lists no active session:\n%s", out)
		}
	})

	gw.ExpectNoChanges(t, ".", vars...)
	gw.Destroy(t, ".", vars...)
	// The domain is gone with the stack: the listeners know it no more
	// (no certificate for it over TLS; FC's 404 over plain HTTP).
	if _, err := newUser(t, tlsAddr, ca).Get("https://" + host + "/"); err == nil {
		t.Error("after destroy the TLS listener still serves the domain")
	}
	req, _ := http.NewRequest(http.MethodGet, "http://"+httpAddr+"/", nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("after destroy the domain answered %s over HTTP, want 404", resp.Status)
	}
}

// newUser is a browser-like client: its own cookie jar, connections to
// the gateway's TLS listener, certificates verified against the CA for
// the domain's name.
func newUser(t *testing.T, tlsAddr string, ca []byte) *http.Client {
	t.Helper()
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(ca) {
		t.Fatal("the gateway's ca.pem holds no certificate")
	}
	jar, _ := cookiejar.New(nil)
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: roots},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, tlsAddr)
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Jar: jar}
}

// visit opens the page (FC sets the session cookie on this first
// response), then the room's WebSocket, and returns the connection and
// the instance its hello names.
func visit(t *testing.T, user *http.Client, page bool) (*websocket.Conn, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exampletest.Wait)
	defer cancel()
	if page {
		resp, err := user.Get("https://" + host + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the page: %s", resp.Status)
		}
	}
	c, _, err := websocket.Dial(ctx, "wss://"+host+"/ws?name=go", &websocket.DialOptions{HTTPClient: user})
	if err != nil {
		t.Fatal(err)
	}
	for {
		_, data, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("no hello: %v", err)
		}
		var e event
		if json.Unmarshal(data, &e) == nil && e.Type == "hello" {
			return c, e.Instance
		}
	}
}

// waitCut reads until the connection ends and checks that it ended as FC
// ends it at the timeout: no close frame (1006).
func waitCut(t *testing.T, c *websocket.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exampletest.Wait)
	defer cancel()
	for {
		if _, _, err := c.Read(ctx); err != nil {
			if errors.Is(err, context.DeadlineExceeded) || websocket.CloseStatus(err) != -1 {
				t.Fatalf("the connection ended with %v, want a cut (1006) at the function's timeout", err)
			}
			return
		}
	}
}

// Two users, one session per instance: each is on an instance of its
// own, and after the cut each returns to it, by the cookie alone.
func reconnects(t *testing.T, tlsAddr string, ca []byte) {
	alice, bob := newUser(t, tlsAddr, ca), newUser(t, tlsAddr, ca)
	ac, aliceOn := visit(t, alice, true)
	bc, bobOn := visit(t, bob, true)
	if aliceOn == bobOn {
		t.Fatalf("alice and bob share instance %s with sessions_per_instance = 1", aliceOn)
	}
	waitCut(t, ac)
	waitCut(t, bc)
	for name, u := range map[string]struct {
		c  *http.Client
		on string
	}{"alice": {alice, aliceOn}, "bob": {bob, bobOn}} {
		c, again := visit(t, u.c, false)
		c.CloseNow()
		if again != u.on {
			t.Errorf("%s came back to instance %s, want %s (its session's)", name, again, u.on)
		}
	}
}

// browser drives the page in headless Chromium (../chat-redis/browser),
// first without the gateway's CA (the page must not load: certificates
// are verified), then with it in the browser's certificate database.
func browser(t *testing.T, tlsAddr, caFile string) {
	exampletest.RequireCommand(t, "/usr/bin/chromium")
	exampletest.RequireCommand(t, "certutil")
	exampletest.RequireNodeModules(t, "../chat-redis/browser", "playwright-core")
	_, port, _ := net.SplitHostPort(tlsAddr)
	url := "https://" + host + ":" + port + "/"
	rules := "MAP " + host + " 127.0.0.1"

	untrusted := t.TempDir()
	if out, err := node(t, untrusted, url, rules); err == nil || !strings.Contains(out, "ERR_CERT_AUTHORITY_INVALID") {
		t.Fatalf("the page loaded without the gateway's CA being trusted: %v\n%s", err, out)
	}

	home := t.TempDir()
	db := "sql:" + filepath.Join(home, ".pki", "nssdb")
	if err := os.MkdirAll(filepath.Join(home, ".pki", "nssdb"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-d", db, "-N", "--empty-password"},
		{"-d", db, "-A", "-t", "C,,", "-n", "wsdeploy local CA", "-i", caFile},
	} {
		if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
			t.Fatalf("certutil %v: %v\n%s", args, err, out)
		}
	}
	out, err := node(t, home, url, rules)
	if err != nil {
		t.Fatalf("node reconnect.mjs: %v\n%s", err, out)
	}
	var res struct {
		Before, After, Cut string
		Cookies            []struct {
			Name     string `json:"name"`
			HTTPOnly bool   `json:"http_only"`
		}
	}
	last := out
	if sc := bufio.NewScanner(strings.NewReader(out)); true {
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "{") {
				last = sc.Text()
			}
		}
	}
	if err := json.Unmarshal([]byte(last), &res); err != nil {
		t.Fatalf("node reconnect.mjs printed %q: %v", out, err)
	}
	if res.Before == "" || res.After != res.Before || !strings.Contains(res.Cut, "1006") {
		t.Errorf("chromium: on %q, cut %q, back on %q; want the same instance after a 1006", res.Before, res.Cut, res.After)
	}
	if len(res.Cookies) == 0 || !res.Cookies[0].HTTPOnly {
		t.Errorf("chromium kept cookies %+v, want the session's (HttpOnly)", res.Cookies)
	}
	t.Logf("chromium: on %s, %s, back on %s; cookies %+v", res.Before, res.Cut, res.After, res.Cookies)
}

// node runs the browser script with HOME (and so the NSS database
// Chromium reads) set to home; stdout and stderr together.
func node(t *testing.T, home, url, rules string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*exampletest.Wait)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "reconnect.mjs", url, rules)
	cmd.Dir = "../chat-redis/browser"
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
