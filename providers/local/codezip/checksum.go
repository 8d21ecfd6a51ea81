package codezip

import (
	"hash/crc64"
	"strconv"
)

var ecma = crc64.MakeTable(crc64.ECMA)

// Checksum is FC's codeChecksum of a zip: CRC-64 with the ECMA-182
// polynomial (as OSS computes it), written as an unsigned decimal.
func Checksum(zip []byte) string {
	return strconv.FormatUint(crc64.Checksum(zip, ecma), 10)
}
