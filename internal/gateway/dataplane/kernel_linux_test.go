package dataplane

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"testing"
)

// TestEchoKernelPaths runs the echo test (text, binary, fragmentation,
// ping/pong, permessage-deflate, a custom close code, with third-party
// clients) on the kernel fast path, then with it off on the user-space
// relay, and checks that each path really carried the tunnels.
func TestEchoKernelPaths(t *testing.T) {
	if _, err := loadKernel(); err != nil {
		t.Skipf("no kernel fast path here (%v): TestEcho covers the user-space relay", err)
	}
	// With no client to drive them, TestEcho's cases skip and no tunnel
	// exists to take either path.
	if os.Getenv("WSDEPLOY_REQUIRE_CLIENTS") == "" && !slices.ContainsFunc(clients, func(c wsClient) bool { return c.missing() == "" }) {
		t.Skip("no WebSocket client is installed (make deps); set WSDEPLOY_REQUIRE_CLIENTS=1 to make this a failure")
	}
	defer func(on bool) { testKernelFastPath = on }(testKernelFastPath)
	testKernelFastPath = true
	before := kernelSwitched.Load()
	t.Run("sockmap", TestEcho)
	if kernelSwitched.Load() == before {
		t.Error("no tunnel took the kernel fast path")
	}

	testKernelFastPath = false
	before = kernelSwitched.Load()
	t.Run("user-space", TestEcho)
	if kernelSwitched.Load() != before {
		t.Error("a tunnel took the kernel fast path while it was off")
	}
}

// TestKernelTunnelOrder: bytes the instance sends while the gateway still
// reads its socket, and right after, reach the client in order; a FIN
// right after data passes on only once the data has; both directions.
func TestKernelTunnelOrder(t *testing.T) {
	if _, err := loadKernel(); err != nil {
		t.Skipf("no kernel fast path here: %v", err)
	}
	user, gwClient := tcpPair(t)
	gwBackend, server := tcpPair(t)
	kt := newKernelTunnel(gwBackend)
	if kt == nil {
		t.Fatal("the instance's socket did not enter the map")
	}
	defer kt.release()

	// The instance answers and goes on at once; the gateway has read only
	// the first part when it switches.
	if _, err := server.Write([]byte("answer|")); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 7)
	if _, err := io.ReadFull(gwBackend, head); err != nil {
		t.Fatal(err)
	}
	kt.attachClient(gwClient, 0, gwBackend)
	if !kt.active() {
		t.Fatal("the client's socket did not enter the map")
	}
	var want bytes.Buffer
	for i := range 200 {
		fmt.Fprintf(&want, "frame %d|", i)
	}
	go server.Write(want.Bytes())
	if _, err := gwClient.Write(head); err != nil { // the 101, as switchProtocols
		t.Fatal(err)
	}
	done := make(chan struct{})
	go kt.start(gwClient, gwBackend, int64(len(head)), func() { close(done) })
	big := bytes.Repeat([]byte("x"), 1<<20)
	go func() {
		user.Write(big)
		user.CloseWrite()
	}()
	got, err := io.ReadAll(io.LimitReader(user, int64(len(head)+want.Len())))
	if err != nil || string(got) != string(head)+want.String() {
		t.Fatalf("the client got %d bytes (%v), want the answer and 200 frames in order", len(got), err)
	}
	server.CloseWrite()
	if rest, err := io.ReadAll(user); err != nil || len(rest) != 0 {
		t.Errorf("after the instance's FIN the client read %d more bytes, %v", len(rest), err)
	}
	up, err := io.ReadAll(server)
	if err != nil || !bytes.Equal(up, big) {
		t.Errorf("the instance got %d of %d bytes before the client's FIN (%v)", len(up), len(big), err)
	}
	<-done
}
