package instance

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

func TestRefuseLoopbackOnly(t *testing.T) {
	testtier.NeedsProcesses(t)
	for _, tc := range []struct{ host, shown string }{
		{"127.0.0.1", "127.0.0.1"},
		{"localhost", "127.0.0.1"},
		{"::1", "[::1]"},
	} {
		t.Run(tc.host, func(t *testing.T) {
			if tc.host == "::1" {
				ipv6Loopback(t)
			}
			sink := newMemSink()
			s := spec(t, sink, "-host", tc.host)
			_, err := Start(context.Background(), s)
			want := `function "chat" listens on ` + tc.shown + ":" + strconv.Itoa(s.Port) +
				`; Function Compute only reaches servers listening on 0.0.0.0 — listen on 0.0.0.0:` + strconv.Itoa(s.Port) + ` (the port in $FC_SERVER_PORT)`
			var le *LoopbackError
			if !errors.As(err, &le) || !IsLoopback(err) || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("err = %v\nwant %s", err, want)
			}
			pid := pidOf(t, sink)
			if !zombieOrGone(pid) {
				t.Errorf("the refused server (pid %d) still runs", pid)
			}
			if c, err := net.Dial("tcp", net.JoinHostPort(strings.Trim(tc.shown, "[]"), strconv.Itoa(s.Port))); err == nil {
				c.Close()
				t.Error("the refused server still accepts connections")
			}
		})
	}
}
