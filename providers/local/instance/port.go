package instance

import "net"

// FreePort returns a port that is free on every address right now, for the
// caller to give to a new instance. Another process may take it before the
// instance binds it; Start then reports the conflict.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", ":0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
