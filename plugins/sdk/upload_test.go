package sdk

import (
	"context"
	"fmt"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// chunks is an UploadCode stream as the server sees it: the chunks given,
// then the end.
type chunks struct {
	grpc.ServerStream
	next []*proto.CodeChunk
	resp *proto.UploadCodeResponse
}

func (c *chunks) Context() context.Context { return context.Background() }

func (c *chunks) Recv() (*proto.CodeChunk, error) {
	if len(c.next) == 0 {
		return nil, io.EOF
	}
	m := c.next[0]
	c.next = c.next[1:]
	return m, nil
}

func (c *chunks) SendAndClose(m *proto.UploadCodeResponse) error {
	c.resp = m
	return nil
}

// streamOf is zip in chunks of two bytes, the first declaring size and
// checksum.
func streamOf(zip []byte, size int64, checksum string) *chunks {
	c := &chunks{}
	for i := 0; i < len(zip); i += 2 {
		c.next = append(c.next, &proto.CodeChunk{Data: zip[i:min(i+2, len(zip))]})
	}
	if len(c.next) == 0 {
		c.next = []*proto.CodeChunk{{}}
	}
	c.next[0].Size, c.next[0].Checksum = size, checksum
	return c
}

// receive receives zip as declared and answers the handle, or the error's
// status code and message.
func receive(u *uploads, zip []byte, size int64, checksum string) (string, codes.Code, string) {
	c := streamOf(zip, size, checksum)
	if err := u.receive(c); err != nil {
		st := status.Convert(err)
		return "", st.Code(), st.Message()
	}
	return c.resp.Upload, codes.OK, ""
}

// An upload is kept whole in a file without a name, handed out once, and
// forgotten when done; a stream that does not match what it declared is
// refused and leaves nothing behind.
func TestUploadKeptOnceInAnUnnamedFile(t *testing.T) {
	u := newUploads()
	zip := []byte("PK\x03\x04 a zip of some bytes")
	sum := fcspec.CodeChecksum(zip)
	handle, code, msg := receive(u, zip, int64(len(zip)), sum)
	if code != codes.OK {
		t.Fatalf("upload refused: %v %s", code, msg)
	}
	srv := &server{uploads: u}
	c, done, err := srv.code(&proto.Code{Upload: handle, Checksum: sum})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Bytes()
	if err != nil || string(got) != string(zip) || c.Zip != nil || c.Checksum != sum {
		t.Errorf("the provider gets %q (zip %q, checksum %s), %v", got, c.Zip, c.Checksum, err)
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(fileOf(t, c).Fd()), &st); err != nil || st.Nlink != 0 {
		t.Errorf("the upload's file has %d links (%v), want none", st.Nlink, err)
	}
	done()
	if _, _, err := srv.code(&proto.Code{Upload: handle}); status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "used already") {
		t.Errorf("a second use: %v", err)
	}
	if u.count != 0 || u.bytes != 0 {
		t.Errorf("after use the bounds still count %d uploads, %d bytes", u.count, u.bytes)
	}

	for _, c := range []struct {
		name     string
		zip      []byte
		size     int64
		checksum string
		want     string
	}{
		{"corrupted", []byte("PK\x03\x04 a zip of some bytez"), int64(len(zip)), sum, "the zip was corrupted on the way"},
		{"short", zip[:10], int64(len(zip)), sum, fmt.Sprintf("ended after 10 of the %d bytes it declared", len(zip))},
		{"long", append(zip, 'x'), int64(len(zip)), sum, fmt.Sprintf("more than the %d bytes it declared", len(zip))},
		{"undeclared", zip, 0, "", "declares 0 bytes"},
		{"empty", nil, 0, "", "declares 0 bytes"},
	} {
		if _, code, msg := receive(u, c.zip, c.size, c.checksum); code != codes.InvalidArgument || !strings.Contains(msg, c.want) {
			t.Errorf("%s: %v %q, want InvalidArgument with %q", c.name, code, msg, c.want)
		}
	}
	if u.count != 0 || u.bytes != 0 || len(u.ready) != 0 {
		t.Errorf("refused uploads left %d uploads, %d bytes, %d ready", u.count, u.bytes, len(u.ready))
	}
}

// fileOf is the file a taken upload's Code reads.
func fileOf(t *testing.T, c *Code) interface{ Fd() uintptr } {
	t.Helper()
	f, ok := c.File.(interface{ Fd() uintptr })
	if !ok {
		t.Fatalf("Code.File is a %T, not a file", c.File)
	}
	return f
}

// Uploads not yet used are bounded in number and bytes, and one never
// used is dropped after the TTL, freeing its share.
func TestUploadsBounded(t *testing.T) {
	u := newUploads()
	u.maxCount, u.maxBytes, u.ttl = 2, 10, time.Hour
	zip := []byte("0123")
	sum := fcspec.CodeChecksum(zip)
	for i := range 2 {
		if _, code, msg := receive(u, zip, 4, sum); code != codes.OK {
			t.Fatalf("upload %d: %v %s", i, code, msg)
		}
	}
	if _, code, msg := receive(u, zip, 4, sum); code != codes.ResourceExhausted || !strings.Contains(msg, "keeps at most 2") {
		t.Errorf("a third upload: %v %q, want ResourceExhausted", code, msg)
	}

	u = newUploads()
	u.maxCount, u.maxBytes, u.ttl = 5, 10, 50*time.Millisecond
	big := []byte("0123456")
	if _, code, _ := receive(u, big, 7, fcspec.CodeChecksum(big)); code != codes.OK {
		t.Fatal(code)
	}
	if _, code, msg := receive(u, zip, 4, sum); code != codes.ResourceExhausted || !strings.Contains(msg, "(10 bytes)") {
		t.Errorf("beyond the bytes bound: %v %q, want ResourceExhausted", code, msg)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		u.mu.Lock()
		count, bytes := u.count, u.bytes
		u.mu.Unlock()
		if count == 0 && bytes == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("an upload never used was not dropped: %d uploads, %d bytes", count, bytes)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, code, msg := receive(u, zip, 4, sum); code != codes.OK {
		t.Errorf("after the drop: %v %q", code, msg)
	}
}
