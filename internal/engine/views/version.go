package views

import (
	"fmt"
	"runtime"
)

// Version shows `wsdeploy version`.
type Version interface {
	Base
	Version(version string)
}

// NewVersion builds the version view on base (from New).
func NewVersion(base Base) Version {
	return pick(base,
		func(h *Human) Version { return &VersionHuman{h} },
		func(j *JSON) Version { return &VersionJSON{j} })
}

// VersionHuman prints the version and the platform the binary was built for.
type VersionHuman struct{ *Human }

func (v *VersionHuman) Version(version string) {
	fmt.Fprintf(v.Streams.Stdout, "wsdeploy %s\non %s/%s (%s)\n", version, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// VersionJSON writes nothing more: the stream's first event is already the
// version event, which is the whole answer.
type VersionJSON struct{ *JSON }

func (v *VersionJSON) Version(string) {}
