package sdk

import (
	"os"

	"github.com/hashicorp/go-hclog"
)

// stderr is the process's stderr as it was before Serve: go-plugin then
// points os.Stderr at a pipe of its own, which wsdeploy does not log.
var stderr = os.Stderr

// Logger is the plugin's log. It writes hclog's JSON lines to stderr,
// which wsdeploy reads, filters by level and shows in its own log under
// the plugin's name. Never log to stdout: it carries the handshake.
func Logger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{
		Level:      hclog.Trace, // wsdeploy filters
		Output:     stderr,
		JSONFormat: true,
	})
}
