package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// firstByte sends a WebSocket handshake to addr and returns when the first
// byte of the answer arrives.
func firstByte(addr, path string, timeout time.Duration) error {
	c, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(timeout))
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr +
		"\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + wsKey +
		"\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		return err
	}
	b, err := bufio.NewReader(c).ReadByte()
	if err != nil {
		return err
	}
	if b != 'H' {
		return fmt.Errorf("answer starts with %q", b)
	}
	return nil
}

// ownStart is the echo server's own start-up: from exec to the first byte
// of its answer to a handshake, probing every 100 µs.
func ownStart(echoBin string) (time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return 0, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(echoBin)
	cmd.Env = append(os.Environ(), "FC_SERVER_PORT="+strconv.Itoa(port), "FC_INSTANCE_ID=cold")
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	for time.Since(t0) < 10*time.Second {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		c.Close()
		if err := firstByte(addr, "/", 5*time.Second); err != nil {
			return 0, err
		}
		return time.Since(t0), nil
	}
	return 0, fmt.Errorf("the echo server did not listen within 10 s")
}

// gatewayColdStart deploys a fresh function (so no instance exists) and
// times its first handshake to the first byte of the answer.
func gatewayColdStart(g *gatewayClient, name string) (time.Duration, error) {
	addr, path, err := g.deploy(name, 1)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	if err := firstByte(addr, path, 30*time.Second); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}

// countSockets counts the TCP sockets of the machine (its network
// namespace), from /proc/net/tcp and tcp6, one line each after a header.
func countSockets() int {
	n := 0
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		if b, err := os.ReadFile(f); err == nil {
			n += max(0, strings.Count(string(b), "\n")-1)
		}
	}
	return n
}
