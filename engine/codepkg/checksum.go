package codepkg

import (
	"hash/crc64"
	"strconv"
)

var ecma = crc64.MakeTable(crc64.ECMA)

// Checksum is FC's codeChecksum of a zip: CRC-64 with the ECMA-182
// polynomial (as OSS computes it), written as an unsigned decimal. The local
// gateway computes the same in providers/local/codezip.
func Checksum(zip []byte) string {
	return strconv.FormatUint(crc64.Checksum(zip, ecma), 10)
}
