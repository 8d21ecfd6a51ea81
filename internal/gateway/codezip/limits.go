package codezip

import "github.com/wsdeploy/wsdeploy/providers/fcspec"

// Limits bound what one code package may cost on disk.
type Limits struct {
	MaxArchiveBytes  int64 // the zip itself, after base64 decoding
	MaxUnpackedBytes int64 // the sum of the unpacked file sizes
	MaxEntries       int   // files, directories and symlinks: each costs an inode
	// MaxRatio bounds unpacked/archive size once the unpacked size passes
	// ratioFloor: a zip bomb's signature, far beyond source and binaries.
	MaxRatio int64
}

// FC's code package limits (fcspec). The entry count and ratio are the
// gateway's own guards; FC documents none.
const (
	MaxArchiveBytes  = fcspec.CodeZipMaxBytes
	MaxUnpackedBytes = fcspec.CodeUnpackedMaxBytes
)

// DefaultLimits are FC's limits plus the gateway's guards.
var DefaultLimits = Limits{
	MaxArchiveBytes:  MaxArchiveBytes,
	MaxUnpackedBytes: MaxUnpackedBytes,
	MaxEntries:       100_000,
	MaxRatio:         200,
}

// ratioFloor exempts small packages from the ratio check: a few zero-filled
// files compress a thousandfold and harm no one.
const ratioFloor = 1 << 20

// maxLinkTarget bounds a symlink target, as PATH_MAX does.
const maxLinkTarget = 4096

// Entry names longer than Linux's NAME_MAX (a component) or PATH_MAX (the
// whole path, less its terminating NUL) are refused as the client's error,
// not left to fail (or, through openat, succeed) on the file system.
const (
	maxNameComponent = 255
	maxPath          = 4095
)
