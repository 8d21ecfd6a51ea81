package dataplane

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"
)

// TestClose: closing the plane cuts every connection (1006), stops every
// instance process and refuses further changes.
func TestClose(t *testing.T) {
	e := newEnv(t)
	e.function("fn", nil)
	url := e.trigger("fn", nil)
	c := mustDial(t, url)
	echo(t, c, "open")
	pids := e.allPIDs()
	if len(pids) != 1 {
		t.Fatalf("pids %v, want one instance", pids)
	}

	ended := make(chan error, 1)
	go func() { ended <- readErr(t, c) }()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := e.p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-ended; !abnormal(err) {
		t.Errorf("the connection ended with %v, want an abnormal closure", err)
	}
	if syscall.Kill(pids[0], 0) == nil {
		t.Errorf("instance process %d outlived Close", pids[0])
	}
	if _, err := e.p.SetTrigger(Trigger{URLID: "x", Function: "fn", Name: "x"}, time.Time{}); !errors.Is(err, ErrClosed) {
		t.Errorf("SetTrigger after Close: %v, want ErrClosed", err)
	}
	if err := e.p.SetFunction(FunctionSpec{Name: "fn"}, time.Time{}); !errors.Is(err, ErrClosed) {
		t.Errorf("SetFunction after Close: %v, want ErrClosed", err)
	}
}
