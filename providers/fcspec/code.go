package fcspec

import (
	"hash"
	"hash/crc64"
	"strconv"
)

// Code package limits for a zip sent inline as code.zipFile (unconfirmed
// against a live account: FC documents 500 MB for a code package and a
// smaller bound for an inline upload; 100 MB is that bound after base64
// decoding, so the request body is about 134 MB).
const (
	CodeZipMaxBytes      = 100 << 20
	CodeUnpackedMaxBytes = 500 << 20
)

var ecma = crc64.MakeTable(crc64.ECMA)

// CodeChecksum is FC's codeChecksum of a zip: CRC-64 with the ECMA-182
// polynomial (as OSS computes it), written as an unsigned decimal.
func CodeChecksum(zip []byte) string {
	return FormatCodeChecksum(crc64.Checksum(zip, ecma))
}

// NewCodeHash computes CodeChecksum of a zip written to it in pieces (one
// streamed to disk rather than held in memory); FormatCodeChecksum writes
// its Sum64.
func NewCodeHash() hash.Hash64 { return crc64.New(ecma) }

// FormatCodeChecksum writes a CRC-64 as FC's codeChecksum.
func FormatCodeChecksum(sum uint64) string { return strconv.FormatUint(sum, 10) }
