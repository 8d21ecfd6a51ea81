package host

import (
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// codeFile is size random bytes as a file-backed Code, as codepkg leaves a
// large zip, with its checksum.
func codeFile(t *testing.T, size int) *providers.Code {
	t.Helper()
	zip := make([]byte, size)
	rand.Read(zip)
	path := filepath.Join(t.TempDir(), "code.zip")
	if err := os.WriteFile(path, zip, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return &providers.Code{File: f, Size: int64(size), Checksum: fcspec.CodeChecksum(zip)}
}

// A large zip kept in a file reaches the provider of a 1.3 plugin intact
// through UploadCode, as a file (Code.File); a zip of at most 1 MiB still
// travels in the call's message, and so does every zip to a plugin built
// before 1.3.
func TestLargeCodeIsStreamedToPluginsThatTakeUploads(t *testing.T) {
	big, small := codeFile(t, 8<<20), codeFile(t, streamAbove)
	for _, c := range []struct {
		mode      string
		bigArrive string // how the provider gets the large zip
	}{{"good", "file"}, {"old11", "memory"}} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			log := &syncBuffer{}
			p, prov := configureLogged(t, c.mode, log)
			for name, code := range map[string]*providers.Code{"big": big, "small": small} {
				fn := &providers.Function{Name: name, Runtime: "custom.debian12"}
				if got, err := prov.CreateFunction(ctx, fn, code); err != nil || got.CodeChecksum != code.Checksum || got.CodeSize != code.Size {
					t.Fatalf("CreateFunction %s: %v, %+v", name, err, got)
				}
				if got, err := prov.UpdateFunction(ctx, fn, code); err != nil || got.CodeChecksum != code.Checksum {
					t.Fatalf("UpdateFunction %s: %v, %+v", name, err, got)
				}
			}
			p.Close() // the plugin's log, read to its end
			for name, want := range map[string]struct {
				code *providers.Code
				in   string
			}{"big": {big, c.bigArrive}, "small": {small, "memory"}} {
				line := fmt.Sprintf("code received: function=%s in=%s size=%d crc64=%s", name, want.in, want.code.Size, want.code.Checksum)
				if n := strings.Count(log.String(), line); n != 2 {
					t.Errorf("the plugin's provider logged %q %d times, want 2 (create, update); its log:\n%s", line, n, log.String())
				}
			}
		})
	}
}

// A stream that does not match what it declared is refused with an error
// that says so, and nothing is created.
func TestCorruptedOrShortUploadRefused(t *testing.T) {
	_, prov := configure(t, "good")
	corrupted := codeFile(t, 2<<20)
	corrupted.Checksum = "12345"
	short := codeFile(t, 2<<20)
	short.Size += 1 << 20 // the file ends before the declared size
	for name, c := range map[string]struct {
		code *providers.Code
		want string
	}{
		"corrupted": {corrupted, "uploading the code package (2097152 bytes): the code upload's CRC-64 is "},
		"short":     {short, "uploading the code package (3145728 bytes): the code upload ended after 2097152 of the 3145728 bytes it declared"},
	} {
		_, err := prov.CreateFunction(ctx, &providers.Function{Name: name}, c.code)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), fmt.Sprintf("CreateFunction %q: ", name)) {
			t.Errorf("%s: %v\nwant %q", name, err, c.want)
		}
		if _, err := prov.GetFunction(ctx, name); err == nil {
			t.Errorf("%s: the function was created", name)
		}
	}
	if _, err := prov.CreateFunction(ctx, &providers.Function{Name: "ok"}, codeFile(t, 2<<20)); err != nil {
		t.Errorf("an upload after the refused ones: %v", err)
	}
}

// On the wire: an upload is named once; an unknown handle is refused; and
// the plugin bounds the uploads it keeps unused.
func TestUploadHandles(t *testing.T) {
	p, _ := configure(t, "good")
	code := codeFile(t, 1<<10)
	handle, err := upload(ctx, p.rpc, code)
	if err != nil {
		t.Fatal(err)
	}
	req := &proto.CreateFunctionRequest{Function: &proto.Function{Name: "f"}, Code: &proto.Code{Upload: handle, Checksum: code.Checksum}}
	if _, err := p.rpc.CreateFunction(ctx, req); err != nil {
		t.Fatal(err)
	}
	req.Function.Name = "g"
	if _, err := p.rpc.CreateFunction(ctx, req); status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "it was used already") {
		t.Errorf("a handle used twice: %v", err)
	}

	var last error
	for i := 0; i < 17 && last == nil; i++ {
		_, last = upload(ctx, p.rpc, code)
	}
	if status.Code(last) != codes.ResourceExhausted || !strings.Contains(last.Error(), "keeps at most 16") {
		t.Errorf("17 uploads never used: %v, want ResourceExhausted", last)
	}
}

// A large zip given without its checksum is streamed too: the host works
// it out for the plugin to check what arrives against.
func TestStreamedCodeWithoutChecksum(t *testing.T) {
	code := codeFile(t, 2<<20)
	want := code.Checksum
	code.Checksum = ""
	_, prov := configure(t, "good")
	got, err := prov.CreateFunction(ctx, &providers.Function{Name: "unsummed", Runtime: "custom.debian12"}, code)
	if err != nil || got.CodeChecksum != want {
		t.Fatalf("CreateFunction of a zip without its checksum: %v, %+v; want checksum %s", err, got, want)
	}
}
