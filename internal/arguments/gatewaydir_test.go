package arguments

import (
	"strings"
	"testing"
	"time"

	"github.com/urfave/cli/v2"
)

func TestParseGatewayDir(t *testing.T) {
	for args, want := range map[string]GatewayDir{"": {}, "--state-dir /s": {StateDir: "/s"}} {
		argv := append([]string{"billing"}, strings.Fields(args)...)
		got, err := parse(t, "billing", GatewayDirFlags(), ParseGatewayDir, argv...)
		if err != nil || *got != want {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
		}
	}
	expectErrors(t, "billing", GatewayDirFlags, ParseGatewayDir, []errorCase{
		{[]string{"billing", "chat"}, `wsdeploy billing takes no arguments, got "chat"`},
	})
}

func TestParseLogs(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	parseLogs := func(c *cli.Context) (*Logs, error) { return ParseLogs(c, now) }
	cases := map[string]Logs{
		"chat":    {Function: "chat"},
		"":        {}, // the verb says which functions have logs
		"a b":     {},
		"-f chat": {Function: "chat", Follow: true},
		"--follow --since 10m --state-dir /s chat": {GatewayDir: GatewayDir{StateDir: "/s"}, Function: "chat", Follow: true,
			Since: now.Add(-10 * time.Minute)},
		"--since 2026-11-26T09:00:00Z chat": {Function: "chat", Since: now.Add(-time.Hour)},
	}
	for args, want := range cases {
		argv := append([]string{"logs"}, strings.Fields(args)...)
		got, err := parse(t, "logs", LogsFlags(), parseLogs, argv...)
		if err != nil || !got.Since.Equal(want.Since) {
			t.Errorf("%q: %+v, %v; want %+v", argv, got, err, want)
			continue
		}
		got.Since, want.Since = time.Time{}, time.Time{}
		if *got != want {
			t.Errorf("%q: %+v; want %+v", argv, got, want)
		}
	}
	expectErrors(t, "logs", LogsFlags, parseLogs, []errorCase{
		{[]string{"logs", "--since", "yesterday", "chat"}, `--since "yesterday" is neither a duration (10m) nor a time (2006-01-02T15:04:05Z)`},
		{[]string{"logs", "--since", "2026-11-27T00:00:00Z", "chat"}, `--since "2026-11-27T00:00:00Z" is in the future (2026-11-27T00:00:00Z): give a duration before now (10m) or a past time`},
		{[]string{"logs", "chat", "-f"}, "flag -f comes after an argument"},
	})
}
