package daemon

import (
	"context"
	"errors"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir/statedirtest"
)

// Stop signals only a gateway that proved itself: the live process a stale
// gateway.json names is left alone, and told apart from a stopped gateway.
func TestStopLeavesAStrangerAlone(t *testing.T) {
	dir := t.TempDir()
	cred, err := statedir.LoadOrCreateCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	s := statedirtest.Start(t)
	statedir.WriteInfo(dir, statedir.Info{PID: s.PID, ControlAddress: s.Addr})
	_, err = Stop(context.Background(), dir)
	if !errors.As(err, new(*statedir.StaleError)) || !errors.Is(err, statedir.ErrNotRunning) {
		t.Fatalf("Stop = %v, want a *statedir.StaleError", err)
	}
	if !s.Alive() {
		t.Error("Stop killed the stranger")
	}
	s.CheckUntrusted(t, statedir.IdentityPath, cred.AccessKeySecret)
	if _, err := statedir.ReadInfo(dir); err != nil {
		t.Errorf("gateway.json: %v (it may name an older gateway still holding the directory: keep it)", err)
	}
}
