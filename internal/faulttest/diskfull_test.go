package faulttest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"

	"github.com/alibabacloud-go/tea/dara"
	bolt "go.etcd.io/bbolt"
	"golang.org/x/sys/unix"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// An upload that fills the gateway's disk (a real 8 MB tmpfs as the state
// directory) is answered at once with FC's 400 LimitExceededError, which
// the provider does not retry, and a message that says the disk is full
// and where; the deployed version keeps serving and the store stays
// intact.
func TestDiskFullIsAClearErrorNotRetried(t *testing.T) {
	dir := tmpfsStateDir(t, "8m")
	g := startChild(t, dir)
	url := deploy(t, sdk(t, dir), "f", 1)
	echo(t, dial(t, url), "v1")
	v1, err := sdk(t, dir).GetFunction(dara.String("f"), &fc.GetFunctionRequest{})
	if err != nil {
		t.Fatal(err)
	}

	// The default retry policy: a retried answer would take seconds and
	// show as "gave up after N attempts".
	p := localProvider(t, dir, aliyun.RetryPolicy{})
	_, err = p.UpdateFunction(context.Background(), bootstrapFunction("f"), randomCode(t, 12<<20))
	wantStorageError(t, err, g, "disk is full", "Free space", 1)

	echo(t, dial(t, url), "still v1")
	if entries, _ := os.ReadDir(dir + "/code"); len(entries) != 1 {
		t.Errorf("code dir holds %d entries after the refused upload, want only the function's", len(entries))
	}
	g.stop()
	f, err := reopenStore(t, dir).GetFunction("f")
	if err != nil || *f.CodeChecksum != *v1.Body.CodeChecksum {
		t.Fatalf("stored function after the refused update: %v, %v; want codeChecksum %s", f, err, *v1.Body.CodeChecksum)
	}
}

// A write that carries no code (a function's description and
// environment) on a full disk fails in the store (bbolt) itself: the
// same clear answer, not retried; the deployed version keeps serving,
// and once space is freed the same write succeeds and the store reopens
// consistent, every acknowledged write in it.
func TestDiskFullStoreWriteIsAClearErrorNotRetried(t *testing.T) {
	dir := tmpfsStateDir(t, "8m")
	g := startChild(t, dir)
	c := sdk(t, dir)
	url := deploy(t, c, "f", 1)
	const functions = 30
	for i := range functions {
		if _, err := c.CreateFunction(&fc.CreateFunctionRequest{Body: functionInput(fmt.Sprintf("g%d", i), 1)}); err != nil {
			t.Fatal(err)
		}
	}
	conn := dial(t, url)
	echo(t, conn, "before")
	p := localProvider(t, dir, aliyun.RetryPolicy{})

	free := fill(t, dir)
	// Each update grows a function by a page; bbolt writes into pages that
	// earlier transactions freed while it has them, so the first updates
	// may still fit: the first one that needs a page the disk cannot give
	// must fail clearly.
	grown := func(i int) *providers.Function {
		fn := bootstrapFunction(fmt.Sprintf("g%d", i))
		fn.Description = strings.Repeat("d", fcspec.DescriptionMaxLen)
		fn.Environment = map[string]string{"PAD": strings.Repeat("p", fcspec.EnvMaxBytes-len("PAD"))}
		return fn
	}
	var err error
	acked := 0 // g0 … g(acked-1) grew
	for ; ; acked++ {
		if acked == functions {
			t.Fatalf("%d functions grew by a page each on a full disk: the store never needed a new page", functions)
		}
		if _, err = p.UpdateFunction(context.Background(), grown(acked), nil); err != nil {
			break
		}
	}
	t.Logf("%d updates fit in the store's free pages", acked)
	wantStorageError(t, err, g, "disk is full", "Free space", 1)
	echo(t, conn, "still serving")

	free()
	if _, err := p.UpdateFunction(context.Background(), grown(acked), nil); err != nil {
		t.Fatalf("the refused update, once space is free: %v", err)
	}
	acked++
	g.stop()
	st := reopenStore(t, dir)
	for i := range functions {
		f, err := st.GetFunction(fmt.Sprintf("g%d", i))
		if err != nil {
			t.Fatal(err)
		}
		if got, grew := len(dara.StringValue(f.EnvironmentVariables["PAD"])), i < acked; (got > 0) != grew {
			t.Errorf("g%d holds an environment of %d bytes; acknowledged: %v", i, got, grew)
		}
	}
}

// A state directory whose file system fails under the running gateway,
// for the store's open file as for new code, is the same clear answer, not
// retried; the deployed version keeps serving and the store, mounted
// again, holds it unchanged. Both failures come from an ext4 image:
//   - read-only (EROFS): "mount -o remount,ro" is refused (EBUSY) while
//     the store is open for writing; what turns a file system read-only
//     under a running program is an error, as ext4 remounts itself
//     read-only on one (errors=remount-ro), and its "abort" mount option
//     is that error on purpose;
//   - a failing disk (EIO): ext4's shutdown ioctl, which fails every
//     later write with EIO as a disk that stopped answering does. What
//     such a disk still holds is not the gateway's to promise, and the
//     kernel may keep the shut-down file system for the next mount of the
//     image a while: the store is not reopened after it.
func TestBrokenStateDirIsAClearErrorNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name, why, advice string
		breakFS           func(mnt string) error
		reopen            bool
	}{
		{"read-only", "read-only", "Make it writable", func(mnt string) error {
			return syscall.Mount("", mnt, "", syscall.MS_REMOUNT, "abort")
		}, true},
		{"failing disk", "disk failed", "Check the disk", func(mnt string) error {
			f, err := os.Open(mnt)
			if err != nil {
				return err
			}
			defer f.Close()
			// EXT4_IOC_SHUTDOWN with EXT4_GOING_FLAGS_NOLOGFLUSH.
			return unix.IoctlSetPointerInt(int(f.Fd()), 0x8004587d, 2)
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mnt, remount := ext4Mount(t, 32<<20)
			dir := filepath.Join(mnt, "state")
			g := startChild(t, dir)
			url := deploy(t, sdk(t, dir), "f", 1)
			conn := dial(t, url)
			echo(t, conn, "before")
			v1, err := sdk(t, dir).GetFunction(dara.String("f"), &fc.GetFunctionRequest{})
			if err != nil {
				t.Fatal(err)
			}
			p := localProvider(t, dir, aliyun.RetryPolicy{})

			if err := tc.breakFS(mnt); err != nil {
				t.Fatalf("breaking the ext4 file system: %v", err)
			}
			fn := bootstrapFunction("f")
			fn.Description = "written on a broken file system"
			_, err = p.UpdateFunction(context.Background(), fn, nil) // the store only
			wantStorageError(t, err, g, tc.why, tc.advice, 1)
			_, err = p.UpdateFunction(context.Background(), bootstrapFunction("f"), randomCode(t, 1<<20))
			wantStorageError(t, err, g, tc.why, tc.advice, 2)
			echo(t, conn, "still serving")
			if !tc.reopen {
				return
			}

			g.stop()
			remount()
			f, err := reopenStore(t, dir).GetFunction("f")
			if err != nil || *f.CodeChecksum != *v1.Body.CodeChecksum || dara.StringValue(f.Description) != "" {
				t.Fatalf("stored function after the refused updates: %v, %v; want codeChecksum %s and no description", f, err, *v1.Body.CodeChecksum)
			}
		})
	}
}

// tmpfsStateDir is a fresh state directory on a tmpfs of size (as
// mount's size= option takes it), unmounted when the test ends, after
// the gateway that startChild registers later is killed. Mounting needs
// root (CAP_SYS_ADMIN): elsewhere the test skips.
func tmpfsStateDir(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a %s tmpfs as the state directory (needs root or CAP_SYS_ADMIN): %v", size, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// fill takes all the free space of dir's file system with one file, as
// another program filling the disk would, and returns what deletes it.
func fill(t *testing.T, dir string) (free func()) {
	t.Helper()
	name := filepath.Join(dir, "filler")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<10)
	for err == nil {
		_, err = f.Write(buf) // a short write, then ENOSPC: the last page taken
	}
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("filling %s: %v, want ENOSPC", dir, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return func() {
		t.Helper()
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
}

// wantStorageError checks that err, from the provider the CLI uses with
// its default retry policy, is the gateway's answer to a write of its
// state directory that no retry can cure: FC's 400 LimitExceededError,
// given up at once (a retried answer would show as "gave up after N
// attempts"), whose message says why, names the directory and says what
// to do (advice); and that the gateway has seen failed writes in all,
// none retried.
func wantStorageError(t *testing.T, err error, g *child, why, advice string, failed int) {
	t.Helper()
	var api *aliyun.APIError
	if !errors.As(err, &api) || api.Code != "LimitExceededError" || api.StatusCode != 400 {
		t.Fatalf("a write the state directory cannot take: %v, want FC's 400 LimitExceededError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, why) || !strings.Contains(msg, g.dir) || !strings.Contains(msg, advice) || strings.Contains(msg, "gave up") {
		t.Errorf("the CLI would say %q: want %q, the state directory, %q and no retries", msg, why, advice)
	}
	if n := strings.Count(g.errors(), "cannot write the state directory"); n != failed {
		t.Errorf("the gateway saw %d failed writes, want %d (no retries):\n%s", n, failed, g.errors())
	}
}

// reopenStore opens the store of dir once its gateway has stopped, after
// bbolt's consistency check; it closes when the test ends.
func reopenStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatalf("bbolt consistency check: %v", err)
	}
	st, err := store.Open(dir)
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// ext4Mount mounts a fresh ext4 file system of size bytes (an image file
// on a loop device) and returns where, and what unmounts and mounts it
// again (a repair, or a reboot); it is unmounted when the test ends,
// after the gateway that startChild registers later is killed. It needs
// mkfs.ext4, loop devices and root: elsewhere the test skips.
func ext4Mount(t *testing.T, size int64) (mnt string, remount func()) {
	t.Helper()
	img := filepath.Join(t.TempDir(), "ext4.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, size); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", img).CombinedOutput(); err != nil {
		t.Skipf("cannot make an ext4 file system (needs mkfs.ext4): %v %s", err, out)
	}
	mnt = t.TempDir()
	mount := func() error {
		out, err := exec.Command("mount", "-o", "loop", img, mnt).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v %s", err, out)
		}
		return nil
	}
	if err := mount(); err != nil {
		t.Skipf("cannot mount an ext4 image (needs root and loop devices): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	return mnt, func() {
		t.Helper()
		if err := syscall.Unmount(mnt, 0); err != nil {
			t.Fatal(err)
		}
		if err := mount(); err != nil {
			t.Fatal(err)
		}
	}
}
