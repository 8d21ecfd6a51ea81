package statedir_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir/statedirtest"
)

// newDir is a state directory with a key pair.
func newDir(t *testing.T) (string, fcauth.Credentials) {
	t.Helper()
	dir := t.TempDir()
	cred, err := statedir.LoadOrCreateCredentials(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, cred
}

// prover answers challenges the way a gateway does, with cred's key,
// claiming pid and the listener's own address.
func prover(t *testing.T, cred fcauth.Credentials, pid int) *httptest.Server {
	t.Helper()
	var addr string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != statedir.IdentityPath || !statedir.ValidNonce(r.URL.Query().Get("nonce")) {
			http.NotFound(w, r)
			return
		}
		json.NewEncoder(w).Encode(statedir.Prove(statedir.IdentityKey(cred), r.URL.Query().Get("nonce"), addr, pid))
	}))
	addr = srv.Listener.Addr().String()
	t.Cleanup(srv.Close)
	return srv
}

// A stale gateway.json (a live pid, another program's port) is not
// trusted: Running says so clearly, and the stranger got one unsigned
// challenge and nothing else.
func TestRunningRefusesAStranger(t *testing.T) {
	dir, cred := newDir(t)
	s := statedirtest.Start(t)
	if err := statedir.WriteInfo(dir, statedir.Info{PID: s.PID, ControlAddress: s.Addr}); err != nil {
		t.Fatal(err)
	}
	_, err := statedir.Running(dir)
	var stale *statedir.StaleError
	if !errors.As(err, &stale) || !errors.Is(err, statedir.ErrNotRunning) {
		t.Fatalf("Running = %v, want a *StaleError that is ErrNotRunning", err)
	}
	for _, want := range []string{dir, strconv.Itoa(s.PID), s.Addr, "gateway.json is stale", "nothing else was sent"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
	if n := len(s.Requests()); n != 1 {
		t.Errorf("the stranger got %d requests, want the one challenge", n)
	}
	s.CheckUntrusted(t, statedir.IdentityPath, cred.AccessKeySecret, cred.AccessKeyID)
	if !s.Alive() {
		t.Error("the stranger's process was killed")
	}
}

// A gateway.json naming a dead pid reads as not running without a
// connection to its address.
func TestRunningDeadPidDialsNothing(t *testing.T) {
	dir, _ := newDir(t)
	s := statedirtest.Start(t)
	done := exec.Command("true")
	if err := done.Run(); err != nil {
		t.Fatal(err)
	}
	statedir.WriteInfo(dir, statedir.Info{PID: done.Process.Pid, ControlAddress: s.Addr})
	_, err := statedir.Running(dir)
	if !errors.Is(err, statedir.ErrNotRunning) || errors.As(err, new(*statedir.StaleError)) {
		t.Fatalf("Running = %v, want plain ErrNotRunning", err)
	}
	if got := s.Received(); got != "" {
		t.Errorf("the address of a dead gateway was sent %q", got)
	}
}

// The process that answers with the directory's key, as the pid and the
// address gateway.json names, is running; with another pid, it is not.
func TestRunningTrustsOnlyTheProvenGateway(t *testing.T) {
	dir, cred := newDir(t)
	srv := prover(t, cred, os.Getpid())
	addr := srv.Listener.Addr().String()
	statedir.WriteInfo(dir, statedir.Info{PID: os.Getpid(), ControlAddress: addr})
	if info, err := statedir.Running(dir); err != nil || info.ControlAddress != addr {
		t.Fatalf("Running = %+v, %v", info, err)
	}
	s := statedirtest.Start(t) // a live pid that is not the prover's
	statedir.WriteInfo(dir, statedir.Info{PID: s.PID, ControlAddress: addr})
	if _, err := statedir.Running(dir); !errors.As(err, new(*statedir.StaleError)) || !strings.Contains(err.Error(), "it proved it is pid") {
		t.Errorf("another pid at the prover's address: %v", err)
	}
}

// Identify accepts only a proof made with the directory's key, follows no
// redirect, and gives up on a listener that never answers.
func TestIdentifyRefusesWhatIsNotAProof(t *testing.T) {
	_, cred := newDir(t)
	_, other := newDir(t)
	ctx := context.Background()
	good := prover(t, cred, 42)
	id, err := statedir.Identify(ctx, good.Listener.Addr().String(), cred)
	if err != nil || id.PID != 42 || id.ControlAddress != good.Listener.Addr().String() {
		t.Fatalf("Identify = %+v, %v", id, err)
	}
	if _, err := statedir.Identify(ctx, good.Listener.Addr().String(), other); err == nil || !strings.Contains(err.Error(), "not made with this state directory's key") {
		t.Errorf("another key: %v", err)
	}

	followed := false
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { followed = true }))
	defer target.Close()
	redirect := httptest.NewServer(http.RedirectHandler(target.URL+statedir.IdentityPath, http.StatusFound))
	defer redirect.Close()
	if _, err := statedir.Identify(ctx, redirect.Listener.Addr().String(), cred); err == nil || !strings.Contains(err.Error(), "302") || followed {
		t.Errorf("redirect: %v (followed: %v)", err, followed)
	}
	old := httptest.NewServer(http.NotFoundHandler()) // a gateway without the endpoint
	defer old.Close()
	if _, err := statedir.Identify(ctx, old.Listener.Addr().String(), cred); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("no endpoint: %v", err)
	}

	mute, err := net.Listen("tcp", "127.0.0.1:0") // accepts (the kernel does), never answers
	if err != nil {
		t.Fatal(err)
	}
	defer mute.Close()
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if _, err := statedir.Identify(short, mute.Addr().String(), cred); err == nil || !strings.Contains(err.Error(), "in time") {
		t.Errorf("a listener that never answers: %v", err)
	}
}

// The endpoint proves over a hex nonce only, so it signs nothing a client
// could use elsewhere; the proof binds the nonce, the address and the pid,
// and is not keyed with the secret itself.
func TestIdentityProofIsNoSigningOracle(t *testing.T) {
	for _, n := range []string{"", "00", strings.Repeat("a", 31), strings.Repeat("A", 32), strings.Repeat("g", 32),
		strings.Repeat("a", 130), "ACS3-HMAC-SHA256\nabcdefabcdefabcdefabcdefabcdefab", strings.Repeat("ab", 16) + "\n"} {
		if statedir.ValidNonce(n) {
			t.Errorf("nonce %q accepted", n)
		}
	}
	for _, n := range []string{strings.Repeat("0", 32), strings.Repeat("f", 128)} {
		if !statedir.ValidNonce(n) {
			t.Errorf("nonce %q refused", n)
		}
	}
	cred := fcauth.Credentials{AccessKeyID: "LTAIexample", AccessKeySecret: "example-secret"}
	key := statedir.IdentityKey(cred)
	if string(key) == cred.AccessKeySecret {
		t.Fatal("the proof key is the secret")
	}
	nonce := strings.Repeat("ab", 16)
	base := statedir.Prove(key, nonce, "127.0.0.1:1", 1).Proof
	for _, other := range []statedir.Identity{
		statedir.Prove(key, strings.Repeat("cd", 16), "127.0.0.1:1", 1),
		statedir.Prove(key, nonce, "127.0.0.1:2", 1),
		statedir.Prove(key, nonce, "127.0.0.1:1", 2),
		statedir.Prove([]byte(cred.AccessKeySecret), nonce, "127.0.0.1:1", 1),
	} {
		if other.Proof == base {
			t.Errorf("%+v has the same proof", other)
		}
	}
}
