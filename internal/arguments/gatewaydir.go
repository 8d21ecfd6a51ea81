package arguments

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// stateDirUsage says where the gateway verbs look, in this order.
const stateDirUsage = "the gateway's state `DIR` (default: the state_dir of the stack's provider \"local\" block when run in a stack directory, " +
	"else $" + statedir.EnvStateDir + ", else ~/.local/state/wsdeploy/gateway)"

func stateDirFlag() cli.Flag {
	// No EnvVars: the environment variable must rank below the stack's
	// state_dir (as it does for plan and apply), so only statedir.Default reads it.
	return &cli.StringFlag{Name: "state-dir", Usage: stateDirUsage}
}

// GatewayDir is a verb that works on a local gateway's state directory and
// takes nothing else: billing, gateway status, gateway stop.
type GatewayDir struct {
	// StateDir is --state-dir; "" lets the stack in the working directory,
	// then the environment, decide.
	StateDir string
}

// GatewayDirFlags are the flags of a GatewayDir verb.
func GatewayDirFlags() []cli.Flag { return []cli.Flag{stateDirFlag()} }

// ParseGatewayDir reads the command line of a GatewayDir verb.
func ParseGatewayDir(c *cli.Context) (*GatewayDir, error) {
	if err := NoArgs(c); err != nil {
		return nil, err
	}
	return &GatewayDir{StateDir: c.String("state-dir")}, nil
}

// Logs is `wsdeploy logs [options] FUNCTION`.
type Logs struct {
	GatewayDir
	// Function is the function named, or "" unless exactly one was: the
	// verb then says which functions have logs.
	Function string
	Follow   bool
	Since    time.Time // zero: from the start (the gateway) or the last hour (SLS)
}

// LogsFlags are logs' flags.
func LogsFlags() []cli.Flag {
	return []cli.Flag{stateDirFlag(),
		&cli.BoolFlag{Name: "follow", Aliases: []string{"f"}, Usage: "keep printing new lines until Ctrl-C"},
		&cli.StringFlag{Name: "since", Usage: "only lines from this `DURATION` ago or this time on"},
	}
}

// ParseLogs reads logs' command line; now resolves a --since duration.
func ParseLogs(c *cli.Context, now time.Time) (*Logs, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	since, err := parseSince(c.String("since"), now)
	if err != nil {
		return nil, err
	}
	l := &Logs{GatewayDir: GatewayDir{StateDir: c.String("state-dir")}, Follow: c.Bool("follow"), Since: since}
	if len(args) == 1 {
		l.Function = args[0]
	}
	return l, nil
}

// parseSince reads --since: empty, a duration before now, or an RFC 3339 time.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if d, derr := time.ParseDuration(s); derr == nil {
		t, err = now.Add(-d), nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %q is neither a duration (10m) nor a time (2006-01-02T15:04:05Z)", s)
	}
	if t.After(now) {
		return time.Time{}, fmt.Errorf("--since %q is in the future (%s): give a duration before now (10m) or a past time", s, t.UTC().Format(time.RFC3339))
	}
	return t, nil
}
