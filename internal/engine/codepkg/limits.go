package codepkg

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Function Compute's limits for code sent inline as code.zipFile (fcspec),
// the same values the local gateway enforces.
const (
	MaxZipBytes      = fcspec.CodeZipMaxBytes
	MaxUnpackedBytes = fcspec.CodeUnpackedMaxBytes
)

// Options tune Package. The zero value packages with FC's limits.
type Options struct {
	// MaxZipBytes and MaxUnpackedBytes replace the limits above when
	// positive (tests, or a provider with other limits).
	MaxZipBytes      int64
	MaxUnpackedBytes int64
}

func (o Options) limits() (zip, unpacked int64) {
	zip, unpacked = o.MaxZipBytes, o.MaxUnpackedBytes
	if zip <= 0 {
		zip = MaxZipBytes
	}
	if unpacked <= 0 {
		unpacked = MaxUnpackedBytes
	}
	return zip, unpacked
}

// LimitError says a package is too big to upload inline.
type LimitError struct {
	Dir string
	// Zip is true for the compressed size, false for the unpacked one.
	Zip bool
	// Size is the size found. For the zip it is a lower bound: packing
	// stops as soon as the limit is passed.
	Size  int64
	Limit int64
}

func (e *LimitError) Error() string {
	fix := fmt.Sprintf("leave out what the function does not need at run time (tests, caches, build outputs, .git) with a %s file in %s", IgnoreFile, e.Dir)
	if !e.Zip {
		return fmt.Sprintf("code directory %s holds %s of files, more than the %s Function Compute accepts unpacked: %s", e.Dir, mb(e.Size), mb(e.Limit), fix)
	}
	return fmt.Sprintf("code directory %s zips to more than %s, the most Function Compute accepts inline "+
		"(%s as sent, and base64 makes a zip a third larger): %s; "+
		"Function Compute takes larger zips from OSS, which wsdeploy does not upload yet", e.Dir, mb(e.Limit), mb(e.Limit/3*4), fix)
}

// mb writes n bytes in MB (2^20), as FC states its limits.
func mb(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%d bytes", n)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
