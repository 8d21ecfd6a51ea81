package fcspec

import (
	"hash"
	"hash/crc64"
	"strconv"
)

// Code package limits for a zip sent inline as code.zipFile. FC bounds
// inline code at 100 MB as sent, that is the base64 of the zip
// (FC-REFERENCE.md section 4), so the zip itself may be three quarters of
// that: 75 MB. Larger packages (up to 500 MB) go through OSS.
const (
	CodeInlineMaxBytes   = 100 << 20
	CodeZipMaxBytes      = CodeInlineMaxBytes / 4 * 3
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
