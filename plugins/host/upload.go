package host

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

const (
	// streamAbove is the size from which a zip is streamed (UploadCode,
	// protocol 1.3) rather than sent whole in the call's message. codepkg
	// keeps a zip of at most 1 MiB in memory anyway, so one message costs
	// such a zip nothing more; a larger one stays in its file and would
	// otherwise be read into memory whole, on both ends.
	streamAbove = 1 << 20
	// chunkBytes is the size of UploadCode's chunks: far below
	// proto.MaxMessageBytes, and enough to keep the per-message cost
	// small. Both ends hold a few chunks at a time, not the zip.
	chunkBytes = 256 << 10
)

// code is the call's code message: a handle to the zip streamed ahead to
// a plugin that takes uploads, else the zip itself (read into memory if it
// is in a file), as every plugin before 1.3 takes it.
func (r *remote) code(ctx context.Context, code *providers.Code) (*proto.Code, error) {
	if code == nil || r.p.ProtocolMinor < proto.MinorUploadCode || code.Len() <= streamAbove {
		return proto.FromCode(code)
	}
	handle, err := call(ctx, r.p, "UploadCode", func(ctx context.Context) (string, error) {
		return upload(ctx, r.p.rpc, code)
	})
	if err != nil {
		return nil, fmt.Errorf("uploading the code package (%d bytes): %w", code.Len(), err)
	}
	return &proto.Code{Upload: handle, Checksum: code.Checksum}, nil
}

// upload streams code in chunks of chunkBytes, the first declaring its
// size and checksum, and answers the plugin's handle. Each chunk has a
// buffer of its own: gRPC may still hold a message after Send returns.
func upload(ctx context.Context, rpc proto.ProviderClient, code *providers.Code) (string, error) {
	stream, err := rpc.UploadCode(ctx)
	if err != nil {
		return "", err
	}
	sum := code.Checksum
	if sum == "" { // the plugin checks what arrives against it: one more read
		h := fcspec.NewCodeHash()
		if _, err := io.Copy(h, code.Reader()); err != nil {
			return "", fmt.Errorf("reading the code package: %w", err)
		}
		sum = fcspec.FormatCodeChecksum(h.Sum64())
	}
	chunk := &proto.CodeChunk{Size: code.Len(), Checksum: sum}
	zip := code.Reader()
	for {
		buf := make([]byte, chunkBytes)
		n, rerr := io.ReadFull(zip, buf)
		if n > 0 {
			chunk.Data = buf[:n]
			if err := stream.Send(chunk); err == io.EOF {
				break // the plugin ended the stream: CloseAndRecv says why
			} else if err != nil {
				return "", err
			}
			chunk = &proto.CodeChunk{}
		}
		if rerr == io.EOF || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return "", fmt.Errorf("reading the code package: %w", rerr)
		}
	}
	resp, err := stream.CloseAndRecv()
	if err != nil {
		return "", err
	}
	return resp.Upload, nil
}
