package dataplane

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
)

// maxHeaderBytes lets headers up to 16 times FC's limit reach the request
// checks, which refuse them as FC does (400); beyond it Go's server stops
// reading and answers 431, which capConn turns into the same 400, so
// headers of any size cost at most this much.
const maxHeaderBytes = 16 * maxHeaderBlock

// readHeaderTimeout guards against clients that never finish their headers
// (pressedHeaderTimeout near the connection caps); idleTimeout closes
// keep-alive connections between requests.
const (
	readHeaderTimeout = time.Minute
	idleTimeout       = 90 * time.Second
)

// trigger is one HTTP trigger's endpoint: its own listener and its
// configuration over time. Its handler is all a request touches.
type trigger struct {
	p     *Plane
	urlID string
	fn    *function
	cfg   versions[*Trigger]
	port  int
	srv   *http.Server
	conns gauge // client connections, against MaxTriggerConnections

	mu        sync.Mutex
	closing   Timer // the pending close of a deleted trigger's listener
	deletions int   // tells a stale closing timer from the current one
}

// Endpoint is where a trigger is served.
type Endpoint struct {
	Port int    // to record, and to pass back after a restart
	URL  string // http://127.0.0.1:<port>/ (httpTrigger.urlInternet)
}

// listen binds the trigger's listener on port, or a new trigger's on a
// port below the ephemeral range (no outgoing connection takes it while
// the gateway is down, so it is free again at the restart), and starts
// serving it.
func (p *Plane) listen(urlID string, f *function, port int) (*trigger, error) {
	var ln net.Listener
	var addr string
	bind := func(port int) (err error) {
		addr = net.JoinHostPort(p.cfg.BindHost, strconv.Itoa(port))
		ln, err = Listen(addr)
		return err
	}
	var err error
	if port == 0 {
		err = instance.BindBelowEphemeral(bind)
	} else {
		err = bind(port)
	}
	if err != nil {
		return nil, fmt.Errorf("trigger %s: cannot listen on %s: %w", urlID, addr, err)
	}
	t := &trigger{p: p, urlID: urlID, fn: f, port: ln.Addr().(*net.TCPAddr).Port}
	t.conns.max = int64(p.cfg.Limits.MaxTriggerConnections)
	t.srv = &http.Server{
		Handler:           t,
		MaxHeaderBytes:    maxHeaderBytes,
		ReadHeaderTimeout: readHeaderTimeout,
		IdleTimeout:       idleTimeout,
		ErrorLog:          slog.NewLogLogger(p.cfg.Logger.Handler(), slog.LevelDebug),
		// takeBody sets its deadline on the socket.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
	}
	go func() { _ = t.srv.Serve(capListener{ln, t}) }() // ends with ErrServerClosed on close
	return t, nil
}

func (p *Plane) endpoint(t *trigger) Endpoint {
	host := p.cfg.BindHost
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return Endpoint{Port: t.port, URL: "http://" + net.JoinHostPort(host, strconv.Itoa(t.port)) + "/"}
}

// close stops listening and drops the connections that are not upgraded;
// tunnels belong to their instances.
func (t *trigger) close() {
	t.mu.Lock()
	if t.closing != nil {
		t.closing.Stop()
	}
	t.mu.Unlock()
	_ = t.srv.Close()
}
