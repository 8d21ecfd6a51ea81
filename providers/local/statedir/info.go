package statedir

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Info is gateway.json: how clients find the running gateway.
type Info struct {
	PID            int    `json:"pid"`
	ControlAddress string `json:"control_address"` // host:port of the FC API and /metrics
	Region         string `json:"region"`
	AccountID      string `json:"account_id"`
	Version        string `json:"version,omitempty"`
	// PropagationDelay is how long the gateway takes to serve a new or
	// changed trigger (clients time their smoke tests by it).
	PropagationDelay Duration  `json:"propagation_delay"`
	StartedAt        time.Time `json:"started_at"`
}

// WriteInfo replaces dir/gateway.json atomically, so a reader never sees a
// half-written file.
func WriteInfo(dir string, info Info) error {
	data, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".gateway-*.json")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(data, '\n'))
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, InfoFile))
}

// ReadInfo reads dir/gateway.json.
func ReadInfo(dir string) (Info, error) {
	var info Info
	data, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, fmt.Errorf("%s: %w", filepath.Join(dir, InfoFile), err)
	}
	return info, nil
}

// RemoveInfo deletes gateway.json if it still describes pid.
func RemoveInfo(dir string, pid int) {
	if info, err := ReadInfo(dir); err == nil && info.PID == pid {
		os.Remove(filepath.Join(dir, InfoFile))
	}
}

// ErrNotRunning says no gateway answers for a state directory.
var ErrNotRunning = errors.New("no local gateway is running")

// Running returns the gateway described by dir/gateway.json when its process
// is alive and its control address accepts connections. A stale file (the
// gateway was killed) reads as ErrNotRunning.
func Running(dir string) (Info, error) {
	info, err := ReadInfo(dir)
	if errors.Is(err, os.ErrNotExist) {
		return info, ErrNotRunning
	}
	if err != nil {
		return info, err
	}
	if !processAlive(info.PID) {
		return info, ErrNotRunning
	}
	conn, err := net.DialTimeout("tcp", info.ControlAddress, time.Second)
	if err != nil {
		return info, ErrNotRunning
	}
	conn.Close()
	return info, nil
}

func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// Duration is a time.Duration written as text ("10s") in JSON.
type Duration time.Duration

func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	*d = Duration(v)
	return err
}
