package dataplane

import (
	"net"
)

// relay moves bytes both ways between client and instance until both
// directions have ended, on two goroutines: the portable fallback of the
// event loop (evloop_linux.go), which the tunnel takes where it can.
func relay(client, backend net.Conn) {
	done := make(chan struct{})
	go func() {
		pipe(backend, client)
		close(done)
	}()
	pipe(client, backend)
	<-done
}

// pipe copies src to dst until src ends. A clean end (FIN) passes on as a
// half-close, so each side's close handshake completes as if the two were
// connected directly; an error (a reset, a cut) ends both directions.
func pipe(dst, src net.Conn) {
	err := copyWhenReady(dst, src)
	if cw, ok := dst.(interface{ CloseWrite() error }); ok && err == nil {
		_ = cw.CloseWrite()
		return
	}
	dst.Close()
	src.Close()
}
