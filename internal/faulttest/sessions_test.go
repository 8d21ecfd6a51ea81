package faulttest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// sessionPool is how many session ids the session churn reuses: fewer
// than sessions per instance (200), so one instance holds them all.
const sessionPool = 150

// Thousands of WebSocket connections of a function with session affinity,
// each with one of 150 session ids whose sessions end after a TTL of 1 s
// and begin again, through a gateway process: its goroutines and fds come
// back to their baseline, its memory within churnMemSlackKiB, and the
// Session API lists one session per id (ended sessions are replaced, not
// piled up).
func TestSessionChurnReturnsToBaseline(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "gw")
	gw := startChild(t, dir)
	c := sdk(t, dir)
	in := functionInput("sessions", 200)
	in.SessionAffinity = dara.String("HEADER_FIELD")
	in.SessionAffinityConfig = dara.String(`{"affinityHeaderFieldName":"x-session-id","sessionConcurrencyPerInstance":200,"sessionTTLInSeconds":1,"sessionIdleTimeoutInSeconds":0}`)
	url := deployInput(t, c, in)
	if _, err := c.PutConcurrencyConfig(dara.String("sessions"), &fc.PutConcurrencyConfigRequest{
		Body: &fc.PutConcurrencyInput{ReservedConcurrency: dara.Int64(1)},
	}); err != nil {
		t.Fatal(err)
	}
	cycle := func(n int) {
		parallel(t, n, func(i int) error {
			return openUseClose(url, i, http.Header{"X-Session-Id": {"s" + strconv.Itoa(i%sessionPool)}})
		})
	}
	cycle(2 * sessionPool) // warm-up: the instance and every id's session
	base := gw.stats()
	start := time.Now()
	n := churnConns()
	cycle(n)
	gw.waitBaseline(base, fmt.Sprintf("%d connections of %d sessions in %s", n, sessionPool, time.Since(start).Round(time.Millisecond)))
	if kids := childrenOf(gw.cmd.Process.Pid); len(kids) != 1 {
		t.Errorf("gateway children %v, want its one instance", kids)
	}
	resp, err := c.ListSessions(dara.String("sessions"), &fc.ListSessionsRequest{Limit: dara.Int32(100)})
	if err != nil {
		t.Fatal(err)
	}
	total := len(resp.Body.Sessions)
	for next := resp.Body.NextToken; next != nil; next = resp.Body.NextToken {
		if resp, err = c.ListSessions(dara.String("sessions"), &fc.ListSessionsRequest{Limit: dara.Int32(100), NextToken: next}); err != nil {
			t.Fatal(err)
		}
		total += len(resp.Body.Sessions)
	}
	if total != sessionPool {
		t.Errorf("ListSessions lists %d sessions after the churn, want one per id: %d", total, sessionPool)
	}
}
