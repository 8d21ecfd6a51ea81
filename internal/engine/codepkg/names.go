package codepkg

import (
	"strings"
	"unicode/utf8"
)

// checkName refuses names that Function Compute's unzip (and the local
// gateway) would read differently from the local file system: zip names are
// UTF-8 with "/" as the only separator.
func checkName(dir, p string) error {
	switch {
	case !utf8.ValidString(p):
		return fileErr(dir, p, nil, "the name is not valid UTF-8; rename it or leave it out with %s", IgnoreFile)
	case strings.ContainsRune(p, '\\'):
		return fileErr(dir, p, nil, "the name contains a backslash, which unzip tools read as a separator; rename it or leave it out with %s", IgnoreFile)
	}
	return nil
}
