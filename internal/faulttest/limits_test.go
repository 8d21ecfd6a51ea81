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

	"github.com/wsdeploy/wsdeploy/providers/local/server"
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

// A flood of half-open connections to a trigger, far past the gateway's
// open-file limit (1,024 here, so the data plane's cap is 256), is held
// at the cap, the rest refused with 503, and the control API keeps
// answering at once; the descriptors come back when the clients leave.
// WSDEPLOY_FAULTTEST_HALFOPEN changes the count; with
// WSDEPLOY_FAULTTEST_NOFILE=0 the gateway keeps this process's limit.
func TestControlAPIAnswersWhileTriggersAreFlooded(t *testing.T) {
	n := envCount("WSDEPLOY_FAULTTEST_HALFOPEN", 1000)
	// This process holds one fd per connection until it is refused and
	// closed: at most the gateway's cap and those in flight.
	raiseFDLimit(t, min(n, 15000)+500)
	nofile := "1024" // "0": inherited from this process
	if s, ok := os.LookupEnv(childNoFileEnv); ok {
		nofile = s
	}
	var env []string
	if nofile != "0" {
		env = append(env, childNoFileEnv+"="+nofile)
	}
	dir := t.TempDir()
	gw := startChild(t, dir, env...)
	c := sdk(t, dir)
	host := strings.TrimSuffix(strings.TrimPrefix(deploy(t, c, "flooded", 1), "http://"), "/")
	base := gw.stats()

	var refused atomic.Int64
	var mu sync.Mutex
	var conns []net.Conn
	for range n {
		conn, err := net.DialTimeout("tcp", host, time.Minute)
		if err != nil {
			t.Fatalf("dial %d: %v", len(conns), err)
		}
		mu.Lock()
		conns = append(conns, conn)
		mu.Unlock()
		go func() {
			// A refused connection is answered and closed by the gateway;
			// an admitted one stays silent until the test ends.
			if status, _, err := answerOf(conn, 10*time.Minute); err == nil && status == http.StatusServiceUnavailable {
				refused.Add(1)
				conn.Close()
			}
		}()
	}
	defer func() {
		mu.Lock()
		for _, conn := range conns {
			conn.Close()
		}
		mu.Unlock()
	}()
	if err := waitFor(time.Minute, func() bool { return refused.Load() > 0 }); err != nil {
		t.Errorf("%d half-open connections: none refused", n)
	}
	var lat []time.Duration
	for range 50 {
		start := time.Now()
		if _, err := c.GetFunction(dara.String("flooded"), &fc.GetFunctionRequest{}); err != nil {
			t.Fatalf("GetFunction with %d half-open connections: %v", n, err)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	during := gw.stats()
	t.Logf("%d half-open connections (open-file limit %s), %d refused: GetFunction p50 %s, p99 %s, max %s; gateway fds %d → %d",
		n, nofile, refused.Load(), lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1], base.FDs, during.FDs)
	if lat[len(lat)-1] > time.Second {
		t.Errorf("GetFunction took up to %s with the triggers flooded, want under 1 s", lat[len(lat)-1])
	}
	mu.Lock()
	for _, conn := range conns {
		conn.Close()
	}
	mu.Unlock()
	var after stats
	if err := waitFor(time.Minute, func() bool { after = gw.stats(); return after.FDs <= base.FDs }); err != nil {
		t.Errorf("fds %d → %d after the clients left", base.FDs, after.FDs)
	}
}
