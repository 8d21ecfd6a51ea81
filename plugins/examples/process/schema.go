package main

import (
	"os"
	"path/filepath"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

var schema = sdk.Schema{Attributes: []sdk.SchemaAttribute{
	{Name: "state_dir", Type: sdk.String,
		Description: "where functions, code, logs and nginx's files live (default: ~/.local/state/wsdeploy/process)"},
	{Name: "nginx", Type: sdk.String,
		Description: "the nginx executable (default: nginx on PATH, else /usr/sbin/nginx)"},
}}

// settings are the provider block's values, defaults applied.
type settings struct {
	stateDir string
	nginx    string
}

func settingsFrom(s sdk.Settings) settings {
	out := settings{stateDir: s.String("state_dir"), nginx: s.String("nginx")}
	if out.stateDir == "" {
		out.stateDir = defaultStateDir()
	}
	return out
}

func defaultStateDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "wsdeploy-process")
	}
	return filepath.Join(home, ".local", "state", "wsdeploy", "process")
}
