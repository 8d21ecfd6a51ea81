package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// version is set at build time: -ldflags "-X main.version=v1.0.0".
var version = "dev"

func main() {
	if len(os.Args) > 1 {
		os.Exit(command(os.Args[1], os.Args[2:]))
	}
	sdk.Serve(sdk.Options{
		Version: version,
		Schema:  schema,
		Configure: func(ctx context.Context, s sdk.Settings) (sdk.Provider, error) {
			return newProvider(ctx, settingsFrom(s))
		},
	})
}

// command runs the subcommands a person (or the plugin) runs: supervise
// and stop.
func command(name string, args []string) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dir := fs.String("state-dir", defaultStateDir(), "the provider's state `DIR`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var err error
	switch name {
	case "supervise":
		err = supervise(*dir, os.Getenv(envNginx))
	case "stop":
		err = stopSupervisor(context.Background(), *dir)
	default:
		fmt.Fprintf(os.Stderr, "usage: %s [supervise|stop] -state-dir DIR\n(without arguments it is a wsdeploy provider plugin, run by wsdeploy)\n", os.Args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}
