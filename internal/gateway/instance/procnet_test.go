package instance

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// procHex writes ip as the kernel does in /proc/net/tcp{,6}.
func procHex(ip netip.Addr) string {
	b := ip.AsSlice()
	var s strings.Builder
	for k := 0; k < len(b); k += 4 {
		fmt.Fprintf(&s, "%08X", binary.NativeEndian.Uint32(b[k:]))
	}
	return s.String()
}

func TestAppendListeners(t *testing.T) {
	a4, a6 := netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("::1")
	row := func(ip netip.Addr, port int, st string, inode int) string {
		return fmt.Sprintf("   0: %s:%04X %s:0000 %s 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 100 0 0 10 0",
			procHex(ip), port, procHex(ip), st, inode)
	}
	table := strings.Join([]string{
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
		row(a4, 9000, "0A", 11),
		row(a4, 9001, "0A", 12), // another port
		row(a4, 9000, "01", 13), // established, not listening
		row(a6, 9000, "0A", 14),
		"",
	}, "\n")
	got := appendListeners(nil, table, 9000)
	want := []socket{{a4, 9000, 11}, {a6, 9000, 14}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("listeners = %v; want %v", got, want)
	}
	for _, s := range []string{"127.0.0.1", "10.1.2.3", "::", "fe80::1", "::ffff:127.0.0.1"} {
		ip := netip.MustParseAddr(s)
		if got, ok := parseProcIP(procHex(ip)); !ok || got != ip {
			t.Errorf("parseProcIP(%s) = %v, %v", procHex(ip), got, ok)
		}
	}
}

func TestDialAddr(t *testing.T) {
	sock := func(s string) socket { return socket{ip: netip.MustParseAddr(s)} }
	for _, tc := range []struct {
		socks []socket
		want  string
	}{
		{[]socket{sock("0.0.0.0")}, "127.0.0.1:9000"},
		{[]socket{sock("::")}, "[::1]:9000"},
		{[]socket{sock("::1"), sock("0.0.0.0")}, "127.0.0.1:9000"},
		{[]socket{sock("192.168.1.5")}, "192.168.1.5:9000"},
		{[]socket{sock("127.0.0.1")}, `listens on 127.0.0.1:9000;`},
		{[]socket{sock("::1"), sock("127.0.0.1")}, `listens on 127.0.0.1:9000;`},
		{[]socket{sock("::ffff:127.0.0.1")}, `listens on 127.0.0.1:9000;`},
		{[]socket{sock("::1")}, `listens on [::1]:9000;`},
	} {
		addr, err := dialAddr("chat", tc.socks, 9000)
		got := addr
		if err != nil {
			got = err.Error()
		}
		if !strings.Contains(got, tc.want) {
			t.Errorf("dialAddr(%v) = %q; want %q", tc.socks, got, tc.want)
		}
	}
}
