package codezip

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

func TestLayoutInstallPruneRemove(t *testing.T) {
	l := Layout{Root: filepath.Join(t.TempDir(), "code"), Limits: DefaultLimits}
	v1 := mkzip(t, exe("bootstrap", "v1"))
	v2 := mkzip(t, exe("bootstrap", "v2"))
	sum1, err := install(l, "fid", v1)
	if err != nil {
		t.Fatal(err)
	}
	if sum1 != fcspec.CodeChecksum(v1) {
		t.Errorf("Install returned %s, want the checksum %s", sum1, fcspec.CodeChecksum(v1))
	}
	sum2, err := install(l, "fid", v2)
	if err != nil || sum2 == sum1 {
		t.Fatalf("second version: %s, %v", sum2, err)
	}
	for sum, body := range map[string]string{sum1: "v1", sum2: "v2"} {
		if b, err := os.ReadFile(filepath.Join(l.Dir("fid", sum), "bootstrap")); err != nil || string(b) != body {
			t.Errorf("version %s: bootstrap %q, %v", sum, b, err)
		}
		if z, err := os.ReadFile(l.ZipPath("fid", sum)); err != nil || fcspec.CodeChecksum(z) != sum {
			t.Errorf("version %s: zip kept with checksum %s, %v", sum, fcspec.CodeChecksum(z), err)
		}
	}
	// Reinstalling a present version is a no-op that keeps the tree.
	marker := filepath.Join(l.Dir("fid", sum1), "marker")
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if again, err := install(l, "fid", v1); err != nil || again != sum1 {
		t.Fatalf("reinstall = %s, %v", again, err)
	}
	if _, err := os.Stat(marker); err != nil {
		t.Error("reinstall replaced an installed version")
	}

	if err := l.Prune("fid", sum2); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{l.Dir("fid", sum1), l.ZipPath("fid", sum1)} {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s survived Prune", p)
		}
	}
	if _, err := os.Stat(l.Dir("fid", sum2)); err != nil {
		t.Errorf("kept version pruned: %v", err)
	}
	if ids, err := l.FunctionIDs(); err != nil || len(ids) != 1 || ids[0] != "fid" {
		t.Errorf("FunctionIDs = %v, %v", ids, err)
	}
	if err := l.Remove("fid"); err != nil {
		t.Fatal(err)
	}
	if ids, _ := l.FunctionIDs(); len(ids) != 0 {
		t.Errorf("FunctionIDs after Remove = %v", ids)
	}
}

func TestLayoutFailedInstallKeepsOldCode(t *testing.T) {
	l := Layout{Root: t.TempDir(), Limits: DefaultLimits}
	sum, err := install(l, "fid", mkzip(t, exe("bootstrap", "v1")))
	if err != nil {
		t.Fatal(err)
	}
	bad := mkzip(t, file("ok", "x"), file("../escape", "x"))
	var inv *InvalidError
	if _, err := install(l, "fid", bad); !errors.As(err, &inv) {
		t.Fatalf("bad install: %v", err)
	}
	if _, err := os.Lstat(l.Dir("fid", fcspec.CodeChecksum(bad))); !errors.Is(err, fs.ErrNotExist) {
		t.Error("a refused version left a directory")
	}
	if b, err := os.ReadFile(filepath.Join(l.Dir("fid", sum), "bootstrap")); err != nil || string(b) != "v1" {
		t.Errorf("old code damaged: %q, %v", b, err)
	}
	if _, err := install(l, "../x", mkzip(t, file("a", ""))); err == nil {
		t.Error("a function id with a path was accepted")
	}
}

// install receives zip (raw, not base64) as an upload and installs it.
func install(l Layout, id string, zip []byte) (string, error) {
	u, err := l.spool(bytes.NewReader(zip))
	if err != nil {
		return "", err
	}
	defer u.Close()
	return l.Install(id, u)
}
