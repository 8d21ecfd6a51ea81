package store

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	bolt "go.etcd.io/bbolt"
)

// crashChildEnv makes the test binary a writer that never stops: it runs
// writeForever and is killed by TestKillDuringWritesLosesNothing.
const crashChildEnv = "WSDEPLOY_STORE_CRASH_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		if err := writeForever(dir, os.Getenv("WSDEPLOY_STORE_CRASH_ROUND")); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeForever creates function i, its trigger, and bumps a shared counter
// function, then acknowledges i on fd 3, for i = 0, 1, ...: three kinds of
// transaction (a new key, a write to two buckets, an overwrite).
func writeForever(dir, round string) error {
	s, err := Open(dir)
	if err != nil {
		return err
	}
	ack := os.NewFile(3, "ack")
	counter := "counter-" + round
	if err := s.CreateFunction(fn(counter)); err != nil {
		return err
	}
	for i := 0; ; i++ {
		name := fmt.Sprintf("r%s-%06d", round, i)
		if err := s.CreateFunction(fn(name)); err != nil {
			return err
		}
		if _, err := s.CreateTrigger(name, trig("ws")); err != nil {
			return err
		}
		if _, err := s.UpdateFunction(counter, func(f *fc.Function) error {
			f.Description = dara.String(strconv.Itoa(i))
			return nil
		}); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(ack, "%d\n", i); err != nil {
			return err
		}
	}
}

func TestKillDuringWritesLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	dir := t.TempDir()
	for round := range 3 {
		acked := killWriterAfter(t, dir, round, 60+round*37)
		checkAfterCrash(t, dir, round, acked)
	}
}

// killWriterAfter starts the writer and SIGKILLs it once it has acknowledged
// n writes; it returns the last acknowledged index. The writer keeps going
// while the parent reads, so the kill lands at an arbitrary point of a
// transaction.
func killWriterAfter(t *testing.T, dir string, round, n int) int {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+dir, "WSDEPLOY_STORE_CRASH_ROUND="+strconv.Itoa(round))
	cmd.ExtraFiles = []*os.File{w}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()

	last := -1
	sc := bufio.NewScanner(r)
	killed := false
	for sc.Scan() { // after the kill, drain acks already in the pipe
		i, err := strconv.Atoi(sc.Text())
		if err != nil || i != last+1 {
			t.Fatalf("bad ack %q after %d", sc.Text(), last)
		}
		last = i
		if !killed && last+1 >= n {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("writer stopped by itself after %d acks: %v\n%s", last+1, err, stderr.String())
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("writer did not die of SIGKILL: %v\n%s", err, stderr.String())
	}
	return last
}

func checkAfterCrash(t *testing.T, dir string, round, acked int) {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatalf("round %d: reopen after kill: %v", round, err)
	}
	defer s.Close()
	if err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	}); err != nil {
		t.Fatalf("round %d: bbolt consistency check: %v", round, err)
	}
	for i := 0; i <= acked; i++ {
		name := fmt.Sprintf("r%d-%06d", round, i)
		tr, err := s.GetTrigger(name, "ws")
		if err != nil {
			t.Fatalf("round %d: acknowledged write %d lost: %v", round, i, err)
		}
		if back, err := s.TriggerByURLID(tr.URLID); err != nil || back.Function != name {
			t.Fatalf("round %d: URL id %q of %s does not resolve: %v", round, tr.URLID, name, err)
		}
	}
	c, err := s.GetFunction(fmt.Sprintf("counter-%d", round))
	if err != nil || c.Description == nil {
		t.Fatalf("round %d: counter lost: %v", round, err)
	}
	if n, _ := strconv.Atoi(*c.Description); n < acked {
		t.Errorf("round %d: counter at %d, but %d was acknowledged", round, n, acked)
	}
	checkURLIndex(t, s)
	t.Logf("round %d: %d acknowledged writes survived SIGKILL", round, acked+1)
}

// checkURLIndex verifies that the URL id index and the triggers agree both
// ways: they are written in one transaction, so a crash cannot split them.
func checkURLIndex(t *testing.T, s *Store) {
	t.Helper()
	err := s.db.View(func(tx *bolt.Tx) error {
		index := map[string]urlRef{}
		if err := tx.Bucket(bucketURLIDs).ForEach(func(k, v []byte) error {
			ref, err := decode[urlRef](string(k), v)
			if err == nil {
				index[string(k)] = *ref
			}
			return err
		}); err != nil {
			return err
		}
		seen := 0
		err := tx.Bucket(bucketTriggers).ForEachBucket(func(fname []byte) error {
			return tx.Bucket(bucketTriggers).Bucket(fname).ForEach(func(k, v []byte) error {
				tr, err := decode[Trigger](string(k), v)
				if err != nil {
					return err
				}
				if ref, ok := index[tr.URLID]; !ok || ref.Function != string(fname) || ref.Trigger != string(k) {
					return fmt.Errorf("trigger %s/%s: URL id %q not indexed (%v)", fname, k, tr.URLID, ref)
				}
				seen++
				return nil
			})
		})
		if err == nil && seen != len(index) {
			err = fmt.Errorf("URL index has %d entries for %d triggers", len(index), seen)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
