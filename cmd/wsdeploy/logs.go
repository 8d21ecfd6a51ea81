package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

func logsVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "logs",
			Usage:     "show a function's output (the local gateway's, or Function Compute's in SLS)",
			ArgsUsage: "FUNCTION",
			Description: "Prints what the function's instances wrote to stdout and stderr, with time and instance id.\n" +
				"--since takes a duration (10m) or a time (2026-11-26T10:00:00Z).\n" +
				"In the directory of a stack whose provider is aliyun, it reads the function's logs from the SLS project\n" +
				"and logstore of its log block (the last hour unless --since says otherwise; -f polls every 2 s).\n" + stackGatewayHelp,
			Flags: arguments.LogsFlags(),
		},
		run: parsed(func(c *cli.Context) (*arguments.Logs, error) { return arguments.ParseLogs(c, time.Now()) }, runLogs),
	}
}

func runLogs(inv *invocation, args *arguments.Logs) error {
	since, follow, name := args.Since, args.Follow, args.Function
	ctx, stop := signal.NotifyContext(inv.c.Context, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if args.StateDir == "" {
		stack, block, err := aliyunStack(inv)
		if err != nil {
			return err
		}
		if stack != nil {
			if name == "" {
				return fmt.Errorf("name one function: wsdeploy logs FUNCTION")
			}
			return runSLSLogs(ctx, inv, stack, block, name, since, follow)
		}
	}
	dir, err := stateDir(inv, args.StateDir)
	if err != nil {
		return err
	}
	logDir := filepath.Join(dir, statedir.FunctionLogDir)
	if name == "" {
		return fmt.Errorf("name one function: wsdeploy logs FUNCTION (functions with logs: %s)", logNames(logDir))
	}
	path := instance.LogPath(logDir, name)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) && !follow {
		return fmt.Errorf("function %q has no logs in %s: it has not run yet (functions with logs: %s)", name, dir, logNames(logDir))
	}
	view := views.NewLogs(inv.view())
	return instance.ReadLog(ctx, path, instance.ReadOptions{Since: since, Follow: follow}, func(e instance.Entry) error {
		view.Entry(name, views.LogEntry(e))
		return nil
	})
}

func logNames(dir string) string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".log"); ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func billingVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "billing",
			Usage: "show what the local gateway metered, as Function Compute would bill it",
			Description: "Per function: connections, requests, and the billed instance time, where overlapping\n" +
				"connections on one instance are billed once (FC's rule), with GB-seconds = time × memory.\n" + stackGatewayHelp,
			Flags: arguments.GatewayDirFlags(),
		},
		run: parsed(arguments.ParseGatewayDir, runBilling),
	}
}

func runBilling(inv *invocation, args *arguments.GatewayDir) error {
	dir, err := stateDir(inv, args.StateDir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(inv.c.Context, 30*time.Second)
	defer cancel()
	usage, err := server.FetchBilling(ctx, dir)
	if err != nil {
		return err
	}
	rows := make([]views.BillingRow, len(usage))
	for i, u := range usage {
		rows[i] = views.BillingRow{Function: u.Function, BilledSeconds: u.BilledSeconds(), GBSeconds: u.GBSeconds,
			Connections: u.Connections, Requests: u.Requests, ActiveConnections: u.ActiveConnections}
	}
	views.NewBilling(inv.view()).Usage(rows)
	return nil
}
