package codezip

import (
	"encoding/base64"
)

// Decode turns code.zipFile into zip bytes, refusing more than
// lim.MaxArchiveBytes before and after decoding.
func Decode(zipFile string, lim Limits) ([]byte, error) {
	// DecodedLen over-estimates by the padding; the exact check follows.
	if int64(base64.StdEncoding.DecodedLen(len(zipFile))) > lim.MaxArchiveBytes+3 {
		return nil, tooBig(lim)
	}
	b, err := base64.StdEncoding.DecodeString(zipFile)
	if err != nil {
		return nil, invalid("", "not valid base64 (%v): send the zip encoded with standard base64", err)
	}
	if int64(len(b)) > lim.MaxArchiveBytes {
		return nil, tooBig(lim)
	}
	if len(b) == 0 {
		return nil, invalid("", "empty: send a zip of the code directory")
	}
	return b, nil
}

func tooBig(lim Limits) error {
	return invalid("", "the zip is larger than %d MB, the most Function Compute accepts inline; shrink the code directory (leave out tests, caches, build outputs)", lim.MaxArchiveBytes>>20)
}
