package fcauth_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// The gateway's key pair in these tests. The secret is distinctive so that
// tests can grep every message for it.
const (
	testAK     = "LTAI5tWsDeployTestKey"
	testSecret = "gw-secret-9f3c1e-must-never-leak"
)

func lookup(ak string) (string, bool) {
	if ak == testAK {
		return testSecret, true
	}
	return "", false
}

var testCred = fcauth.Credentials{AccessKeyID: testAK, AccessKeySecret: testSecret}

// exchange is one request the test gateway received: its raw bytes as read
// from the connection and VerifyACS3's verdict.
type exchange struct {
	raw []byte
	err error
}

// gateway is a loopback control API that only verifies signatures. Keep-alive
// is off, so each connection carries exactly one request and the bytes read
// from it are that request, byte for byte as the client sent it.
type gateway struct {
	addr   string
	nonces *fcauth.NonceCache

	mu   sync.Mutex
	skew time.Duration // the server's clock runs this far ahead of time.Now
	log  []exchange
}

func newGateway(t *testing.T) *gateway {
	t.Helper()
	g := &gateway{nonces: fcauth.NewNonceCache(0)}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(g.serve))
	srv.Listener = recordingListener{srv.Listener}
	srv.Config.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		return context.WithValue(ctx, connKey{}, c)
	}
	srv.Config.SetKeepAlivesEnabled(false)
	srv.Start()
	t.Cleanup(srv.Close)
	g.addr = srv.Listener.Addr().String()
	return g
}

func (g *gateway) setSkew(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.skew = d
}

func (g *gateway) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	raw := r.Context().Value(connKey{}).(*recordingConn).received()

	g.mu.Lock()
	now := time.Now().Add(g.skew)
	g.mu.Unlock()
	err := fcauth.VerifyACS3(r, body, lookup, now, fcauth.WithNonceCache(g.nonces))

	g.mu.Lock()
	g.log = append(g.log, exchange{raw: raw, err: err})
	g.mu.Unlock()

	w.Header().Set("Content-Type", "application/json")
	var e *fcauth.Error
	if errors.As(err, &e) {
		w.WriteHeader(e.Status)
		_ = json.NewEncoder(w).Encode(map[string]string{"Code": string(e.Code), "Message": e.Message, "RequestId": "fcauth-test"})
		return
	}
	_, _ = w.Write([]byte("{}"))
}

// exchanges returns what the gateway has received so far.
func (g *gateway) exchanges() []exchange {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]exchange(nil), g.log...)
}

type connKey struct{}

type recordingListener struct{ net.Listener }

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c}, nil
}

type recordingConn struct {
	net.Conn
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	c.buf.Write(p[:n])
	c.mu.Unlock()
	return n, err
}

func (c *recordingConn) received() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.buf.Bytes())
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
