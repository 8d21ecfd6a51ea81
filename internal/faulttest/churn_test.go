package faulttest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/coder/websocket"
)

// churnMemSlackKiB is how much more memory a gateway may hold after
// thousands of connections than before, after a GC that returns what it
// can to the OS: what the allocator keeps mapped (span metadata, stack
// caches). Goroutines and fds must come back exactly.
const churnMemSlackKiB = 8 << 10

// memory is the gateway's resident memory, or with the race detector,
// which never returns its shadow memory, what the Go runtime holds.
func memory(s stats) int64 {
	if raceEnabled {
		return s.HeldKiB
	}
	return s.RSSKiB
}

// churnConns is how many connections the churn test opens and closes;
// WSDEPLOY_FAULTTEST_CHURN overrides it.
func churnConns() int {
	if n, err := strconv.Atoi(os.Getenv("WSDEPLOY_FAULTTEST_CHURN")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// 5,000 WebSocket connections opened, used and closed through a gateway
// process: afterwards its goroutines and open fds are back to their
// baseline and its resident memory within churnMemSlackKiB of it.
func TestConnectionChurnReturnsToBaseline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	gw := startChild(t, dir)
	c := sdk(t, dir)
	// One instance takes every connection, so the instance count (and what
	// the gateway holds per instance) is the same before and after.
	url := deploy(t, c, "churn", 200)
	if _, err := c.PutConcurrencyConfig(dara.String("churn"), &fc.PutConcurrencyConfigRequest{
		Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(1)},
	}); err != nil {
		t.Fatal(err)
	}
	cycle := func(n int) { parallel(t, n, func(i int) error { return openUseClose(url, i, nil) }) }
	cycle(200) // warm-up: the instance, pools and buffers that stay
	base := gw.stats()
	start := time.Now()
	n := churnConns()
	cycle(n)
	gw.waitBaseline(base, fmt.Sprintf("%d connections in %s", n, time.Since(start).Round(time.Millisecond)))
	if kids := childrenOf(gw.cmd.Process.Pid); len(kids) != 1 {
		t.Errorf("gateway children %v, want its one instance", kids)
	}
}

// parallel runs f(0) to f(n-1) on 32 goroutines and fails t with the
// first error.
func parallel(t *testing.T, n int, f func(i int) error) {
	t.Helper()
	const workers = 32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if err := f(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// waitBaseline waits until the gateway's goroutines and fds are back to
// base and its memory within churnMemSlackKiB of it (closes finish
// asynchronously in the gateway), and logs the figures after what.
func (c *child) waitBaseline(base stats, what string) {
	t := c.t
	t.Helper()
	var after stats
	err := waitFor(20*time.Second, func() bool {
		after = c.stats()
		return after.Goroutines <= base.Goroutines && after.FDs <= base.FDs && memory(after) <= memory(base)+churnMemSlackKiB
	})
	t.Logf("%s: goroutines %d → %d, fds %d → %d, RSS %d → %d KiB, Go-held %d → %d KiB, heap %d → %d KiB",
		what, base.Goroutines, after.Goroutines, base.FDs, after.FDs,
		base.RSSKiB, after.RSSKiB, base.HeldKiB, after.HeldKiB, base.HeapBytes>>10, after.HeapBytes>>10)
	if err != nil {
		t.Errorf("the gateway did not return to its baseline (memory slack %d KiB)", churnMemSlackKiB)
	}
}

// openUseClose opens a connection with header h, echoes one message and
// closes it with a close handshake.
func openUseClose(url string, i int, h http.Header) error {
	return openUseCloseWith(wsURL(url), i, &websocket.DialOptions{HTTPHeader: h})
}

// openUseCloseWith is openUseClose for a ws:// or wss:// URL and any dial
// options (a custom domain's client).
func openUseCloseWith(url string, i int, opts *websocket.DialOptions) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, url, opts)
	if err != nil {
		return fmt.Errorf("connection %d: %w", i, err)
	}
	defer c.CloseNow()
	msg := []byte("churn " + strconv.Itoa(i))
	if err := c.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("connection %d: write: %w", i, err)
	}
	if _, got, err := c.Read(ctx); err != nil || string(got) != string(msg) {
		return fmt.Errorf("connection %d: echo %q, %v", i, got, err)
	}
	return c.Close(websocket.StatusNormalClosure, "")
}
