//go:build !linux

package instance

import "errors"

// diagListeners has no sock_diag to ask outside Linux.
func diagListeners(int) ([]socket, error) { return nil, errors.New("no sock_diag") }

func diagListenersOn(int, int) ([]socket, error) { return nil, errors.New("no sock_diag") }
