package sdk

import "runtime/debug"

const module = "github.com/wsdeploy/wsdeploy"

// sdkVersion is the version of the wsdeploy module a plugin was built
// with, as Go recorded it; Describe reports it for `wsdeploy plugins`.
func sdkVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	if info.Main.Path == module {
		return info.Main.Version // built inside wsdeploy's own module
	}
	for _, d := range info.Deps {
		if d.Path == module {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return ""
}
