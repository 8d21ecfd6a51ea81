package sdk

import (
	"crypto/rand"
	"io"
	"os"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Uploads (protocol 1.3): wsdeploy streams a large code package with
// UploadCode before the CreateFunction or UpdateFunction that names it, so
// that the plugin keeps it in a file rather than in memory. The bounds keep
// a host (a buggy one, or one that dies between the two calls) from filling
// the plugin's disk with uploads nobody uses.
const (
	// maxPendingUploads is how many uploads, received or under way, may
	// wait for their call: wsdeploy uploads for as many functions at once
	// as apply's parallelism, and names each upload in the next call.
	maxPendingUploads = 16
	// maxPendingBytes bounds those uploads' declared sizes together: a
	// dozen packages as large as FC takes.
	maxPendingBytes = 1 << 30
	// uploadTTL drops an upload never named: longer than the host's call
	// timeout (10 minutes), since the call follows the upload at once.
	uploadTTL = 15 * time.Minute
)

// uploads are the code packages received and not yet used, each in an
// unnamed temporary file: removed from its directory once created, so
// that nothing is left behind however the plugin ends.
type uploads struct {
	maxCount int
	maxBytes int64
	ttl      time.Duration

	mu    sync.Mutex
	count int   // uploads pending or being received
	bytes int64 // their declared sizes
	ready map[string]*upload
}

// upload is a received code package.
type upload struct {
	file     *os.File
	size     int64
	checksum string
	expiry   *time.Timer
}

func newUploads() *uploads {
	return &uploads{maxCount: maxPendingUploads, maxBytes: maxPendingBytes, ttl: uploadTTL, ready: map[string]*upload{}}
}

// receive reads one UploadCode stream into a file, checks it against what
// its first chunk declares and answers the upload's handle.
func (u *uploads) receive(stream grpc.ClientStreamingServer[proto.CodeChunk, proto.UploadCodeResponse]) error {
	first, err := stream.Recv()
	if err == io.EOF {
		return status.Error(codes.InvalidArgument, "an empty code upload: its first chunk declares the zip's size and checksum")
	}
	if err != nil {
		return err
	}
	size, checksum := first.Size, first.Checksum
	if size <= 0 || size > fcspec.CodeZipMaxBytes || checksum == "" {
		return status.Errorf(codes.InvalidArgument, "a code upload declares %d bytes with checksum %q: it needs 1 to %d bytes and a checksum",
			size, checksum, int64(fcspec.CodeZipMaxBytes))
	}
	if err := u.reserve(size); err != nil {
		return err
	}
	f, err := tempFile()
	if err != nil {
		u.release(size)
		return status.Errorf(codes.Internal, "keeping a code upload: %v", err)
	}
	kept := false
	defer func() {
		if !kept {
			f.Close()
			u.release(size)
		}
	}()
	hash := fcspec.NewCodeHash()
	w := io.MultiWriter(f, hash)
	var n int64
	for chunk := first; ; {
		if n+int64(len(chunk.Data)) > size {
			return status.Errorf(codes.InvalidArgument, "the code upload carries more than the %d bytes it declared", size)
		}
		if _, err := w.Write(chunk.Data); err != nil {
			return status.Errorf(codes.Internal, "keeping a code upload: %v", err)
		}
		n += int64(len(chunk.Data))
		if chunk, err = stream.Recv(); err == io.EOF {
			break
		} else if err != nil {
			return err
		}
	}
	if n != size {
		return status.Errorf(codes.InvalidArgument, "the code upload ended after %d of the %d bytes it declared", n, size)
	}
	if got := fcspec.FormatCodeChecksum(hash.Sum64()); got != checksum {
		return status.Errorf(codes.InvalidArgument, "the code upload's CRC-64 is %s, not the %s it declared: the zip was corrupted on the way", got, checksum)
	}
	handle := rand.Text()
	up := &upload{file: f, size: size, checksum: checksum}
	u.mu.Lock()
	u.ready[handle] = up
	up.expiry = time.AfterFunc(u.ttl, func() {
		if up, err := u.take(handle); err == nil {
			u.done(up)
		}
	})
	u.mu.Unlock()
	kept = true
	return stream.SendAndClose(&proto.UploadCodeResponse{Upload: handle})
}

// tempFile creates a file and removes its name at once: only the
// descriptor keeps it.
func tempFile() (*os.File, error) {
	f, err := os.CreateTemp("", "wsdeploy-upload-*.zip")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// reserve counts a new upload of size bytes, or refuses it beyond the
// bounds.
func (u *uploads) reserve(size int64) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.count+1 > u.maxCount || u.bytes+size > u.maxBytes {
		return status.Errorf(codes.ResourceExhausted, "the plugin already keeps %d code uploads (%d bytes) not yet used; it keeps at most %d (%d bytes)",
			u.count, u.bytes, u.maxCount, u.maxBytes)
	}
	u.count++
	u.bytes += size
	return nil
}

func (u *uploads) release(size int64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.count--
	u.bytes -= size
}

// take hands out the upload named handle, once.
func (u *uploads) take(handle string) (*upload, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up, ok := u.ready[handle]
	if !ok {
		return nil, status.Errorf(codes.InvalidArgument, "no code upload %q: it was used already, or dropped after %s unused; upload the code again", handle, u.ttl)
	}
	delete(u.ready, handle)
	up.expiry.Stop()
	return up, nil
}

// done forgets an upload taken: its file and its share of the bounds.
func (u *uploads) done(up *upload) {
	up.file.Close()
	u.release(up.size)
}

// code is a call's code package: the zip the message carries, or the file
// of the upload it names; done closes that file once the call is over.
func (s *server) code(m *proto.Code) (code *Code, done func(), err error) {
	if m == nil || m.Upload == "" {
		return proto.ToCode(m), func() {}, nil
	}
	up, err := s.uploads.take(m.Upload)
	if err != nil {
		return nil, nil, err
	}
	if m.Checksum != "" && m.Checksum != up.checksum {
		s.uploads.done(up)
		return nil, nil, status.Errorf(codes.InvalidArgument, "the call's code checksum %s is not its upload's (%s)", m.Checksum, up.checksum)
	}
	return &Code{File: up.file, Size: up.size, Checksum: up.checksum}, func() { s.uploads.done(up) }, nil
}
