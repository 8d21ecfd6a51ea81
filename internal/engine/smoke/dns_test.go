package smoke

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// nxdomainServer is a DNS server on a loopback UDP port that answers
// every query "no such name" (NXDOMAIN) and counts them. The system's
// resolver here talks to a server off this machine, which tests must not
// reach, so lookups go to it through resolver.
type nxdomainServer struct {
	conn    net.PacketConn
	queries atomic.Int32
}

func startNXDomain(t *testing.T) *nxdomainServer {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &nxdomainServer{conn: conn}
	t.Cleanup(func() { conn.Close() })
	go s.serve()
	return s
}

func (s *nxdomainServer) serve() {
	buf := make([]byte, 1500)
	for {
		n, from, err := s.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		q := buf[:n]
		end, ok := questionEnd(q)
		if !ok {
			continue
		}
		s.queries.Add(1)
		// The query's ID and question; QR, AA, the query's RD, RA and
		// RCODE 3 (NXDOMAIN); one question, no other records.
		answer := append([]byte{q[0], q[1], 0x84 | q[2]&0x01, 0x83, 0, 1, 0, 0, 0, 0, 0, 0}, q[12:end]...)
		s.conn.WriteTo(answer, from)
	}
}

// questionEnd is where the first question of DNS message m ends.
func questionEnd(m []byte) (int, bool) {
	if len(m) < 12 || m[4] != 0 || m[5] != 1 {
		return 0, false
	}
	i := 12
	for i < len(m) && m[i] != 0 {
		i += 1 + int(m[i])
	}
	i += 1 + 4 // the root label, QTYPE, QCLASS
	return i, i <= len(m)
}

// resolver looks names up at s alone.
func (s *nxdomainServer) resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", s.conn.LocalAddr().String())
	}}
}

// A host name that does not exist (NXDOMAIN; .invalid resolves nowhere,
// RFC 2606) ends the check after one confirming lookup, with an error
// that says so, instead of being retried for the whole smoke timeout.
func TestNameThatDoesNotExistFailsEarly(t *testing.T) {
	t.Parallel()
	dns := startNXDomain(t)
	r := dns.resolver()
	if _, err := r.LookupHost(context.Background(), "probe.invalid"); !isNotFound(err) {
		t.Fatalf("the test's DNS server does not answer NXDOMAIN: %v", err)
	}
	target := Target{Function: "chat", Trigger: "ws", URL: "http://chat-1a2b.wsdeploy-test.invalid/ws", AuthType: "anonymous",
		Smoke: config.Smoke{Timeout: 2 * time.Minute}}
	res, _ := runOne(t, target, Options{resolver: r})
	want(t, res, Unreachable, "cannot resolve chat-1a2b.wsdeploy-test.invalid: no such host, twice",
		"apart: the name does not exist in DNS",
		"check the URL's host name (the provider reported it) and this machine's DNS; once chat-1a2b.wsdeploy-test.invalid resolves here, run wsdeploy smoke again")
	if res.Attempts != 2 {
		t.Errorf("%d attempts, want 2 (one lookup, one to confirm)", res.Attempts)
	}
	if res.Waited > time.Minute {
		t.Errorf("the check took %s of its 2m timeout", res.Waited)
	}
	if n := dns.queries.Load(); n < 3 { // the probe, then each attempt
		t.Errorf("the DNS server got %d queries; the lookups went elsewhere", n)
	}
}

func isNotFound(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsNotFound
}
