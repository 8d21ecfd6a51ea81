package faulttest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/coder/websocket"
)

// WebSocket connections through a custom domain over TLS (wss://, the
// gateway's local CA, verified) opened, used and closed through a gateway
// process: afterwards its goroutines and open fds are back to their
// baseline and its memory within churnMemSlackKiB, as through a trigger.
func TestDomainChurnReturnsToBaseline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	gw := startChild(t, dir)
	c := sdk(t, dir)
	deploy(t, c, "churn", 200)
	if _, err := c.PutConcurrencyConfig(dara.String("churn"), &fc.PutConcurrencyConfigRequest{
		Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(1)},
	}); err != nil {
		t.Fatal(err)
	}
	const host = "churn.example.test"
	if _, err := c.CreateCustomDomain(&fc.CreateCustomDomainRequest{Body: &fc.CreateCustomDomainInput{
		DomainName: dara.String(host), Protocol: dara.String("HTTPS"),
		RouteConfig: &fc.RouteConfig{Routes: []*fc.PathConfig{{Path: dara.String("/ws"), FunctionName: dara.String("churn")}}},
	}}); err != nil {
		t.Fatal(err)
	}
	ca, err := os.ReadFile(gw.info.CACertificate)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(ca)
	addr := gw.info.DomainTLSAddress
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		TLSClientConfig: &tls.Config{RootCAs: roots},
	}}
	opts := &websocket.DialOptions{HTTPClient: client}
	cycle := func(n int) {
		parallel(t, n, func(i int) error { return openUseCloseWith("wss://"+host+"/ws", i, opts) })
	}
	cycle(200) // warm-up: the instance, the leaf certificate, pools and buffers that stay
	base := gw.stats()
	start := time.Now()
	n := max(churnConns()/5, 200)
	cycle(n)
	gw.waitBaseline(base, fmt.Sprintf("%d wss:// connections through a custom domain in %s", n, time.Since(start).Round(time.Millisecond)))
}
