package faulttest

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

// acked is what the control API acknowledged (answered 2xx) to the burst
// of one round, and what was sent but not acknowledged.
type acked struct {
	mu        sync.Mutex
	created   map[string]bool   // CreateFunction answered
	urls      map[string]string // CreateTrigger answered: function → URL
	described map[string]int    // UpdateFunction answered: the highest version
	tried     map[string]int    // UpdateFunction sent: the highest version
	deleted   map[string]bool   // DeleteTrigger and DeleteFunction answered
	n         atomic.Int64      // acknowledged writes
}

// The gateway process is killed with SIGKILL in the middle of a burst of
// control API writes from four clients, at a different point in each of
// three rounds on the same state directory. Each restart must open the
// store and serve again, with every acknowledged write in place: functions
// created, updated (never older than the last acknowledged version) and
// deleted, triggers with the URLs they were given, and what was in flight
// either absent or whole (served from its code). The instances of the
// killed gateway die with it.
func TestGatewayKilledDuringWrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	var rounds []*acked
	for round := range 3 {
		rng := rand.New(rand.NewPCG(uint64(round), 9))
		gw := startChild(t, dir)
		c := sdk(t, dir)
		// An instance with a connection open: it must not outlive the gateway.
		conn := dial(t, deploy(t, c, fmt.Sprintf("alive-%d", round), 1))
		echo(t, conn, "before the kill")
		instances := childrenOf(gw.cmd.Process.Pid)
		if len(instances) != 1 {
			t.Fatalf("gateway children %v, want the one instance", instances)
		}
		t.Cleanup(func() { killIfAlive(instances) })

		a := &acked{created: map[string]bool{}, urls: map[string]string{}, described: map[string]int{}, tried: map[string]int{}, deleted: map[string]bool{}}
		killAt := int64(10 + rng.IntN(40))
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				burst(c, a, fmt.Sprintf("r%d-w%d", round, w))
			}()
		}
		if err := waitFor(2*time.Minute, func() bool { return a.n.Load() >= killAt }); err != nil {
			t.Fatalf("round %d: only %d writes acknowledged\n%s", round, a.n.Load(), gw.errors())
		}
		gw.kill() // the writers are still writing
		wg.Wait()
		conn.CloseNow()
		for _, pid := range instances {
			if err := waitFor(10*time.Second, func() bool { return !alive(pid) }); err != nil {
				t.Errorf("round %d: instance %d outlived its gateway", round, pid)
			}
		}

		gw = startChild(t, dir)
		c = sdk(t, dir)
		rounds = append(rounds, a)
		for _, a := range rounds { // earlier rounds' writes survive later kills too
			check(t, c, a)
		}
		inflight := checkServing(t, c, fmt.Sprintf("r%d-", round), a)
		t.Logf("round %d: killed after %d acknowledged writes (%d functions); all there after the restart, and %d whose creation was in flight",
			round, a.n.Load(), len(a.created), inflight)
		gw.stop()
	}
}

// burst writes until the gateway stops answering: for each function it
// creates the function, its trigger, updates its description twice, and
// deletes every fifth again.
func burst(c *fc.Client, a *acked, prefix string) {
	for i := 0; ; i++ {
		name := fmt.Sprintf("%s-%03d", prefix, i)
		if _, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: functionInput(name, 1)}); err != nil {
			return
		}
		a.ack(func() { a.created[name] = true })
		resp, err := c.CreateTrigger(dara.String(name), &fc.CreateTriggerRequest{Body: triggerInput("ws")})
		if err != nil {
			return
		}
		a.ack(func() { a.urls[name] = dara.StringValue(resp.Body.HttpTrigger.UrlInternet) })
		for v := 1; v <= 2; v++ {
			a.note(func() { a.tried[name] = v })
			if _, err := c.UpdateFunction(dara.String(name), &fc.UpdateFunctionRequest{Body: &fc.UpdateFunctionInput{
				Description: dara.String("v" + strconv.Itoa(v)),
			}}); err != nil {
				return
			}
			a.ack(func() { a.described[name] = v })
		}
		if i%5 == 4 {
			if _, err := c.DeleteTrigger(dara.String(name), dara.String("ws")); err != nil {
				return
			}
			if _, err := c.DeleteFunction(dara.String(name)); err != nil {
				return
			}
			a.ack(func() { a.deleted[name] = true })
		}
	}
}

// ack records an acknowledged write.
func (a *acked) ack(f func()) {
	a.note(f)
	a.n.Add(1)
}

// note records something under the lock.
func (a *acked) note(f func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f()
}

// check compares the restarted gateway with the acknowledgements.
func check(t *testing.T, c *fc.Client, a *acked) {
	t.Helper()
	for name := range a.created {
		f, err := c.GetFunction(dara.String(name), &fc.GetFunctionRequest{})
		if a.deleted[name] {
			if !notFound(err) {
				t.Errorf("%s: deleted (acknowledged), but GetFunction says %v", name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: created (acknowledged), but GetFunction says %v", name, err)
			continue
		}
		got, _ := strconv.Atoi(strings.TrimPrefix(dara.StringValue(f.Body.Description), "v"))
		if got < a.described[name] || got > a.tried[name] {
			t.Errorf("%s: description version %d; acknowledged %d, sent up to %d", name, got, a.described[name], a.tried[name])
		}
		want, ok := a.urls[name]
		if !ok {
			continue
		}
		tr, err := c.GetTrigger(dara.String(name), dara.String("ws"))
		if err != nil {
			t.Errorf("%s: trigger created (acknowledged), but GetTrigger says %v", name, err)
			continue
		}
		if got := dara.StringValue(tr.Body.HttpTrigger.UrlInternet); got != want {
			t.Errorf("%s: trigger URL %s after the restart, acknowledged %s", name, got, want)
		}
	}
}

// checkServing checks that the round's functions are served again from
// their code: every one whose creation was in flight at the kill (the
// gateway lists it, but it was never acknowledged), and three that were
// acknowledged (each request costs a cold start).
func checkServing(t *testing.T, c *fc.Client, prefix string, a *acked) (inflight int) {
	t.Helper()
	fs, err := c.ListFunctions(&fc.ListFunctionsRequest{Prefix: dara.String(prefix), Limit: dara.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	sampled := 0
	for _, f := range fs.Body.Functions {
		if _, ok := a.urls[*f.FunctionName]; ok {
			if sampled++; sampled > 3 {
				continue
			}
		} else if !a.created[*f.FunctionName] {
			inflight++
		}
		ts, err := c.ListTriggers(f.FunctionName, &fc.ListTriggersRequest{})
		if err != nil {
			t.Errorf("%s: ListTriggers: %v", *f.FunctionName, err)
			continue
		}
		for _, tr := range ts.Body.Triggers {
			urls = append(urls, dara.StringValue(tr.HttpTrigger.UrlInternet))
		}
	}
	// Each request starts an instance: four at a time.
	var wg sync.WaitGroup
	next := make(chan string)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for url := range next {
				if body, err := get(url + "id"); err != nil || !strings.HasPrefix(body, "c-") {
					t.Errorf("%s does not serve its function: %q, %v", url, body, err)
				}
			}
		}()
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	wg.Wait()
	return inflight
}

func notFound(err error) bool {
	var e *tea.SDKError
	return errors.As(err, &e) && dara.IntValue(e.StatusCode) == http.StatusNotFound
}

// get fetches url and returns the body of a 200.
func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return string(b), fmt.Errorf("status %d", resp.StatusCode)
	}
	return string(b), err
}

// killIfAlive kills what a failed test may have left running.
func killIfAlive(pids []int) {
	for _, pid := range pids {
		if alive(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
