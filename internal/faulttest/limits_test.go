package faulttest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
)

// How a test sets up its child gateway, through the environment.
const (
	childConfigEnv = "WSDEPLOY_FAULTTEST_CONFIG" // JSON merged into server.Config
	childNoFileEnv = "WSDEPLOY_FAULTTEST_NOFILE" // the gateway's RLIMIT_NOFILE, soft and hard
)

// childOverrides applies childConfigEnv and childNoFileEnv in the child.
func childOverrides(cfg *server.Config) error {
	if s := os.Getenv(childConfigEnv); s != "" {
		if err := json.Unmarshal([]byte(s), cfg); err != nil {
			return fmt.Errorf("%s: %v", childConfigEnv, err)
		}
	}
	if s := os.Getenv(childNoFileEnv); s != "" && s != "0" { // 0: keep the limit
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %v", childNoFileEnv, err)
		}
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			return err
		}
	}
	return nil
}

// answerOf reads the gateway's answer on c within limit.
func answerOf(c net.Conn, limit time.Duration) (int, string, error) {
	_ = c.SetReadDeadline(time.Now().Add(limit))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	var body struct{ ErrorCode string }
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, resp.Header.Get("X-Fc-Error-Type") + " " + body.ErrorCode, nil
}

// Twelve anonymous clients each send 16 MB of a chunked body that never
// ends. The gateway process holds a bounded amount of memory meanwhile
// (each request keeps 64 KiB in memory and spools the rest), ends each
// stalled body at its deadline with 400, and returns to its baseline
// after. Before the limits it buffered every byte in memory and never
// answered.
func TestEndlessBodiesKeepMemoryBounded(t *testing.T) {
	dir := t.TempDir()
	gw := startChild(t, dir, childConfigEnv+`={"Limits":{"BodyTimeout":10000000000}}`) // 10 s
	c := sdk(t, dir)
	host := strings.TrimSuffix(strings.TrimPrefix(deploy(t, c, "bodies", 1), "http://"), "/")
	base := gw.stats()

	const clients, each = 12, 16 << 20
	conns := make([]net.Conn, clients)
	var wg sync.WaitGroup
	for i := range conns {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns[i] = conn
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := bufio.NewWriterSize(conn, 64<<10)
			fmt.Fprintf(w, "GET / HTTP/1.1\r\nHost: %s\r\nTransfer-Encoding: chunked\r\n\r\n", host)
			chunk := strings.Repeat("x", 32<<10)
			for sent := 0; sent < each; sent += len(chunk) {
				fmt.Fprintf(w, "%x\r\n%s\r\n", len(chunk), chunk)
			}
			w.Flush() // an error: the gateway answered early; the answer says why
		}()
	}
	wg.Wait()
	during := gw.stats()
	grew := (during.HeldKiB - base.HeldKiB) >> 10
	t.Logf("%d clients with %d MiB sent each: gateway held %d → %d MiB (RSS %d → %d MiB), %d → %d fds",
		clients, each>>20, base.HeldKiB>>10, during.HeldKiB>>10, base.RSSKiB>>10, during.RSSKiB>>10, base.FDs, during.FDs)
	if grew > 32 {
		t.Errorf("the gateway grew by %d MiB while %d bodies were read: want at most 32 (16 MiB body memory cap, and slack)", grew, clients)
	}
	for i, conn := range conns {
		status, what, err := answerOf(conn, time.Minute)
		if err != nil || status != http.StatusBadRequest || what != "FcCommonError InvalidArgument" {
			t.Errorf("client %d: %d %s %v, want 400 FcCommonError InvalidArgument at the body deadline", i, status, what, err)
		}
		conn.Close()
	}
	var after stats
	if err := waitFor(time.Minute, func() bool { after = gw.stats(); return after.FDs <= base.FDs }); err != nil {
		t.Errorf("fds %d → %d after the clients left", base.FDs, after.FDs)
	}
	t.Logf("after: held %d MiB, RSS %d MiB, %d fds, %d goroutines (baseline %d)", after.HeldKiB>>10, after.RSSKiB>>10, after.FDs, after.Goroutines, base.Goroutines)
	if d := (after.HeldKiB - base.HeldKiB) >> 10; d > 8 {
		t.Errorf("the gateway holds %d MiB more than before the clients came, want at most 8", d)
	}
}

// envCount is the positive number in the environment variable name, or def.
func envCount(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// A flood of half-open connections to a trigger, twice the gateway's
// open-file limit (1,024 here, so the data plane's cap is 256), is held
// open while the control API is measured: every GetFunction, on a new
// connection that the gateway must accept (the official SDK without
// keep-alive, as a new `wsdeploy plan` connects), answers at once. What
// passes the cap is refused with 503, and the descriptors come back when
// the clients leave. Before the caps the gateway accepted until it ran out
// of descriptors and then accepted nothing, its control API included,
// until the header timeout reaped the flood a minute later.
// WSDEPLOY_FAULTTEST_HALFOPEN changes the count; with
// WSDEPLOY_FAULTTEST_NOFILE=0 the gateway keeps this process's limit.
func TestControlAPIAnswersWhileTriggersAreFlooded(t *testing.T) {
	nofile := "1024" // "0": inherited from this process
	if s, ok := os.LookupEnv(childNoFileEnv); ok {
		nofile = s
	}
	limit, err := strconv.Atoi(nofile)
	if err != nil || limit < 0 {
		t.Fatalf("%s=%q: want a number of descriptors, or 0", childNoFileEnv, nofile)
	}
	if limit == 0 {
		nofile = "inherited"
	}
	n := envCount("WSDEPLOY_FAULTTEST_HALFOPEN", max(2*limit, 1000))
	// This process holds one fd per connection until it is refused and
	// closed: at most the gateway's cap and those in flight, or all of
	// them where the gateway stops accepting.
	raiseFDLimit(t, min(n, 15000)+500)
	dir := t.TempDir()
	gw := startChild(t, dir, childNoFileEnv+"="+strconv.Itoa(limit))
	pid := strconv.Itoa(gw.cmd.Process.Pid)
	c := sdk(t, dir)
	host := strings.TrimSuffix(strings.TrimPrefix(deploy(t, c, "flooded", 1), "http://"), "/")
	base := gw.stats()

	began := time.Now()
	flood := &halfOpen{host: host}
	defer flood.close()
	for i := range n {
		if err := flood.dial(); err != nil {
			t.Fatalf("dial %d: %v", i, err)
		}
	}
	// The flood is in force once the gateway refuses some of it, or holds
	// nearly all the descriptors it may open.
	if err := waitFor(time.Minute, func() bool {
		return flood.refused.Load() > 0 || limit > 0 && fdsOf(t, pid) >= limit*9/10
	}); err != nil {
		t.Fatalf("%d half-open connections: the gateway neither refused any nor filled its descriptors (%d open)", n, fdsOf(t, pid))
	}
	held := fdsOf(t, pid)
	// A new connection for every call, with a bound that only a gateway
	// that cannot accept reaches.
	fresh := sdkOver(t, dir, &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}})
	var lat []time.Duration
	for range 50 {
		start := time.Now()
		if _, err := fresh.GetFunction(dara.String("flooded"), &fc.GetFunctionRequest{}); err != nil {
			t.Fatalf("GetFunction on a new connection, %s into a flood of %d half-open connections (gateway fds %d of %s): %v after %s\ngateway log ends:\n%s",
				start.Sub(began).Round(time.Millisecond), n, held, nofile, err, time.Since(start).Round(time.Millisecond), lastLines(gw.errors(), 2))
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	p99 := lat[len(lat)*99/100]
	t.Logf("%d half-open connections held (open-file limit %s), %d refused, %d dialled again after a header timeout: GetFunction on new connections p50 %s, p99 %s, max %s, all within %s of the flood",
		n, nofile, flood.refused.Load(), flood.redials.Load(), lat[len(lat)/2], p99, lat[len(lat)-1], time.Since(began).Round(time.Millisecond))
	if p99 > time.Second {
		t.Errorf("GetFunction p99 %s with the triggers flooded, want under 1 s", p99)
	}
	flood.close()
	var after stats
	returned := waitFor(time.Minute, func() bool { after = gw.stats(); return after.FDs <= base.FDs })
	// The last figure is the one waited for: taken before the clients
	// left, it would be the flood's again.
	t.Logf("gateway fds: %d before the flood, %d during it, %d once the clients left", base.FDs, held, after.FDs)
	if returned != nil {
		t.Errorf("fds %d → %d a minute after the clients left", base.FDs, after.FDs)
	}
}

// halfOpen holds connections to host open without sending a byte, as a
// flood of clients would. One the gateway refuses (it answers) is closed;
// one it closes without an answer (a header timeout) is dialled again, so
// the flood stays at what the gateway admits for as long as the test
// takes.
type halfOpen struct {
	host             string
	refused, redials atomic.Int64

	closed atomic.Bool
	mu     sync.Mutex // over conns, and closed's change
	conns  []net.Conn
}

func (h *halfOpen) dial() error {
	conn, err := net.DialTimeout("tcp", h.host, time.Minute)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed.Load() {
		return conn.Close()
	}
	h.conns = append(h.conns, conn)
	go h.hold(conn)
	return nil
}

func (h *halfOpen) hold(conn net.Conn) {
	status, _, err := answerOf(conn, time.Hour)
	conn.Close()
	if err == nil {
		if status == http.StatusServiceUnavailable {
			h.refused.Add(1)
		}
		return
	}
	if !h.closed.Load() && h.dial() == nil {
		h.redials.Add(1)
	}
}

// close ends the flood: every connection is closed and none dialled again.
func (h *halfOpen) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed.Store(true)
	for _, conn := range h.conns {
		conn.Close()
	}
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n")
}
