package arguments

import (
	"testing"
	"time"

	"github.com/urfave/cli/v2"
)

func TestParseGatewayDir(t *testing.T) {
	expectParsed(t, "billing", GatewayDirFlags, ParseGatewayDir, map[string]GatewayDir{"": {}, "--state-dir /s": {StateDir: "/s"}})
	expectErrors(t, "billing", GatewayDirFlags, ParseGatewayDir, []errorCase{
		{[]string{"billing", "chat"}, `wsdeploy billing takes no arguments, got "chat"`},
	})
}

func TestParseLogs(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	parseLogs := func(c *cli.Context) (*Logs, error) { return ParseLogs(c, now) }
	expectParsed(t, "logs", LogsFlags, parseLogs, map[string]Logs{
		"chat":    {Function: "chat"},
		"":        {}, // the verb says which functions have logs
		"a b":     {},
		"-f chat": {Function: "chat", Follow: true},
		"--follow --since 10m --state-dir /s chat": {GatewayDir: GatewayDir{StateDir: "/s"}, Function: "chat", Follow: true,
			Since: now.Add(-10 * time.Minute)},
		"--since 2026-11-26T09:00:00Z chat": {Function: "chat", Since: now.Add(-time.Hour)},
	})
	expectErrors(t, "logs", LogsFlags, parseLogs, []errorCase{
		{[]string{"logs", "--since", "yesterday", "chat"}, `--since "yesterday" is neither a duration (10m) nor a time (2006-01-02T15:04:05Z)`},
		{[]string{"logs", "--since", "2026-11-27T00:00:00Z", "chat"}, `--since "2026-11-27T00:00:00Z" is in the future (2026-11-27T00:00:00Z): give a duration before now (10m) or a past time`},
		{[]string{"logs", "chat", "-f"}, "flag -f comes after an argument"},
	})
}
