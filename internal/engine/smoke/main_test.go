package smoke

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/testtier"
)

// Code zips deployed by the tests, built once per test binary: the echo-go
// example's server, a server that binds 127.0.0.1 only, and a bootstrap
// script that runs the built echo server from where it lies, so that tests
// deploying many functions upload a few bytes each (the local gateway runs
// instances unsandboxed, as internal/faulttest relies on too).
var echoZip, loopbackZip, echoExecZip []byte

func TestMain(m *testing.M) {
	if testtier.Short() {
		os.Exit(m.Run()) // the echo server is for startGateway's tests, which -short skips
	}
	dir, err := os.MkdirTemp("", "smoke-test")
	if err != nil {
		panic(err)
	}
	bin := filepath.Join(dir, "bootstrap")
	out, err := exec.Command("go", "build", "-o", bin, "../../../examples/echo-go/server").CombinedOutput()
	if err != nil {
		panic(string(out))
	}
	echoZip = zipFile("bootstrap", readFile(bin))
	echoExecZip = zipFile("bootstrap", []byte("#!/bin/sh\nexec "+bin+"\n"))
	loopbackZip = zipFile("bootstrap", []byte("#!/bin/sh\nexec /usr/bin/python3 -m http.server --bind 127.0.0.1 \"$FC_SERVER_PORT\"\n"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func readFile(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return data
}

// zipFile is a code zip holding one executable.
func zipFile(name string, data []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	h.SetMode(0o755)
	w, err := zw.CreateHeader(h)
	if err == nil {
		_, err = w.Write(data)
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		panic(err)
	}
	return buf.Bytes()
}
