package instance

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// probeHTTP sends one health check GET, the way FC's healthCheckConfig
// does, and reports whether it answered 2xx. It speaks HTTP/1.1 over one
// connection it closes itself: no client pool, no goroutine left behind.
func probeHTTP(ctx context.Context, dial func(context.Context, string) (net.Conn, error), addr string, hc *HealthCheck) (ok bool, why string) {
	ctx, cancel := context.WithTimeout(ctx, hc.Timeout)
	defer cancel()
	conn, err := dial(ctx, addr)
	if err != nil {
		return false, fmt.Sprintf("health check GET %s: %v", hc.HTTPGetURL, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(hc.Timeout))
	req, err := http.NewRequest(http.MethodGet, "http://"+addr+hc.HTTPGetURL, nil)
	if err != nil {
		return false, fmt.Sprintf("health check URL %q: %v", hc.HTTPGetURL, err)
	}
	req.Close = true
	req.Header.Set("User-Agent", "wsdeploy-gateway-health-check")
	if err := req.Write(conn); err != nil {
		return false, fmt.Sprintf("health check GET %s: %v", hc.HTTPGetURL, err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return false, fmt.Sprintf("health check GET %s: %v", hc.HTTPGetURL, err)
	}
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return false, fmt.Sprintf("health check GET %s answered %s", hc.HTTPGetURL, resp.Status)
	}
	return true, ""
}
