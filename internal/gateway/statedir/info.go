package statedir

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	PropagationDelay Duration `json:"propagation_delay"`
	// MaxInstances is the gateway's instance limit across all functions,
	// like FC's account quota (clients bound their smoke tests by it).
	MaxInstances int `json:"max_instances,omitempty"`
	// Isolation is how instances run: "sandbox" (FC's way) or "process".
	Isolation string `json:"isolation,omitempty"`
	// DomainAddress and DomainTLSAddress are host:port of the plain HTTP
	// and the TLS listener of all custom domains: a client connects there
	// and sends the domain as Host (and TLS server name).
	DomainAddress    string `json:"domain_http_address,omitempty"`
	DomainTLSAddress string `json:"domain_https_address,omitempty"`
	// CACertificate is the path of the local CA's certificate, which
	// issued the certificates of HTTPS domains that gave none.
	CACertificate string    `json:"ca_certificate,omitempty"`
	StartedAt     time.Time `json:"started_at"`
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

// StaleError says gateway.json names a live process and a listening port,
// but what answers there did not prove it is the directory's gateway: the
// gateway is gone and both now belong to other programs. It is
// ErrNotRunning (errors.Is), with the detail a user needs.
type StaleError struct {
	Dir    string
	Info   Info  // what gateway.json says
	Reason error // why the answer is not a proof
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("no local gateway is running for %s: its gateway.json names pid %d at %s, but what answers there is not this state directory's gateway (%v), so gateway.json is stale and nothing else was sent there. If pid %d is a gateway of an older wsdeploy, stop it",
		e.Dir, e.Info.PID, e.Info.ControlAddress, e.Reason, e.Info.PID)
}

func (e *StaleError) Unwrap() error { return ErrNotRunning }

// WithStartHint adds to a Running error how to start a gateway for dir;
// other errors are returned as they are.
func WithStartHint(err error, dir string) error {
	var stale *StaleError
	switch {
	case errors.As(err, &stale):
		return fmt.Errorf("%w; then start one with wsdeploy gateway --detach --state-dir %s", err, dir)
	case errors.Is(err, ErrNotRunning):
		return fmt.Errorf("%w for %s: start one with wsdeploy gateway --detach --state-dir %s", err, dir, dir)
	}
	return err
}

// Running returns the gateway described by dir/gateway.json once it has
// proved it is the gateway of dir (see RunningContext).
func Running(dir string) (Info, error) { return RunningContext(context.Background(), dir) }

// RunningContext returns the gateway described by dir/gateway.json when its
// process is alive and what answers at its control address proves, with a
// key derived from dir's credentials, that it is that process and that
// address (Identify). A missing file or a dead pid is ErrNotRunning; a live
// pid or port that belong to another program now is a *StaleError. Only
// after a nil error may a client send signed requests there.
func RunningContext(ctx context.Context, dir string) (Info, error) {
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
	return info, Verify(ctx, dir, info)
}

// Verify checks that the gateway info describes answers as the gateway of
// dir: a *StaleError when it does not.
func Verify(ctx context.Context, dir string, info Info) error {
	cred, err := ReadCredentials(dir)
	if errors.Is(err, os.ErrNotExist) {
		return &StaleError{Dir: dir, Info: info, Reason: errors.New("the state directory has no credentials to check its answer with")}
	}
	if err != nil {
		return err
	}
	id, err := Identify(ctx, info.ControlAddress, cred)
	if err != nil {
		return &StaleError{Dir: dir, Info: info, Reason: err}
	}
	if id.PID != info.PID || id.ControlAddress != info.ControlAddress {
		return &StaleError{Dir: dir, Info: info, Reason: fmt.Errorf("it proved it is pid %d at %s", id.PID, id.ControlAddress)}
	}
	return nil
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
