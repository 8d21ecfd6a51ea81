package main

import (
	"runtime/debug"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// version is set at build time: go build -ldflags "-X main.version=v1.2.3".
var version string

// currentVersion is the ldflags version, else the module version that
// `go install module@version` records, else "dev".
func currentVersion() string {
	info, ok := debug.ReadBuildInfo()
	return pickVersion(version, info, ok)
}

func pickVersion(ldflags string, info *debug.BuildInfo, ok bool) string {
	if ldflags != "" {
		return ldflags
	}
	if ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}

func versionVerb() verb {
	return verb{
		cmd: &cli.Command{Name: "version", Usage: "print wsdeploy's version"},
		run: parsed(arguments.ParseNone, func(inv *invocation, _ arguments.None) error {
			views.NewVersion(inv.view()).Version(currentVersion())
			return nil
		}),
	}
}
