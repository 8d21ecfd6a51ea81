package fcauth_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func TestNonceCache(t *testing.T) {
	t.Run("refuses a live nonce and forgets it after the window", func(t *testing.T) {
		c := fcauth.NewNonceCache(10)
		if err := c.Use("ak", "n", t0, t0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, c.Use("ak", "n", t0, t0.Add(fcauth.MaxSkew-time.Second)), fcspec.CodeNonceUsed, 400)
		// at t0+MaxSkew a request dated t0 is stale anyway; the nonce may go
		if err := c.Use("ak", "n", t0.Add(fcauth.MaxSkew), t0.Add(fcauth.MaxSkew)); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
	t.Run("expiry follows the signed date, not arrival", func(t *testing.T) {
		c := fcauth.NewNonceCache(10)
		future := t0.Add(10 * time.Minute) // a client clock 10 minutes fast
		if err := c.Use("ak", "n", future, t0); err != nil {
			t.Fatal(err)
		}
		// still valid (dated future) at t0+20m, so still remembered
		wantCode(t, c.Use("ak", "n", future, t0.Add(20*time.Minute)), fcspec.CodeNonceUsed, 400)
	})
	t.Run("nonces are per access key", func(t *testing.T) {
		c := fcauth.NewNonceCache(10)
		if c.Use("ak1", "n", t0, t0) != nil || c.Use("ak2", "n", t0, t0) != nil {
			t.Fatal("one key's nonce blocked another key")
		}
		if c.Use("a", "k\x00n", t0, t0) != nil || c.Use("a\x00k", "n", t0, t0) != nil {
			t.Fatal("key and nonce are not kept apart")
		}
	})
	t.Run("bounded: full of live nonces it throttles, never forgets", func(t *testing.T) {
		c := fcauth.NewNonceCache(2)
		_ = c.Use("ak", "a", t0, t0)
		_ = c.Use("ak", "b", t0.Add(time.Minute), t0)
		wantCode(t, c.Use("ak", "c", t0, t0), fcspec.CodeThrottling, 429)
		wantCode(t, c.Use("ak", "a", t0, t0), fcspec.CodeNonceUsed, 400)
		// once "a" expires there is room again, and "b" is still refused
		now := t0.Add(fcauth.MaxSkew)
		if err := c.Use("ak", "c", now, now); err != nil {
			t.Fatal(err)
		}
		wantCode(t, c.Use("ak", "b", t0.Add(time.Minute), now), fcspec.CodeNonceUsed, 400)
		if c.Len() != 2 {
			t.Fatalf("Len %d, want 2", c.Len())
		}
	})
	t.Run("a stale date is not stored", func(t *testing.T) {
		c := fcauth.NewNonceCache(1)
		if err := c.Use("ak", "old", t0, t0.Add(time.Hour)); err != nil || c.Len() != 0 {
			t.Fatalf("err %v, Len %d", err, c.Len())
		}
	})
	t.Run("concurrent use of one nonce admits exactly one", func(t *testing.T) {
		c := fcauth.NewNonceCache(0)
		var ok atomic.Int32
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				if c.Use("ak", "same", t0, t0) == nil {
					ok.Add(1)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 {
			t.Fatalf("%d requests admitted", ok.Load())
		}
	})
}
