package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
)

// run executes wsdeploy with args (args[0] is the program name) and returns
// the process exit status.
func run(args []string, e *env) int {
	return exitCode(newApp(e).Run(args), e.stderr)
}

// newApp builds the command line. It is built afresh for every run because
// urfave keeps parsed state in its flags.
func newApp(e *env) *cli.App {
	vars := &arguments.VarList{}
	app := &cli.App{
		Name:                      "wsdeploy",
		Usage:                     "deploy WebSocket services to Function Compute from HCL files",
		UsageText:                 "wsdeploy [global options] <command> [options] [args]",
		Flags:                     arguments.GlobalFlags(vars, ""),
		Commands:                  commands(e, vars),
		Reader:                    e.stdin,
		Writer:                    e.stdout,
		ErrWriter:                 e.stderr,
		HideVersion:               true, // the version verb answers instead
		EnableBashCompletion:      true,
		DisableSliceFlagSeparator: true, // -var values contain commas
		// No verb: show the help. An unknown verb: a usage error.
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return &arguments.UsageError{Err: fmt.Errorf("unknown command %q", c.Args().First()), Help: "wsdeploy --help"}
			}
			return cli.ShowAppHelp(c)
		},
		OnUsageError: onUsageError("wsdeploy --help"),
		// Exit codes are decided in run, never by urfave calling os.Exit.
		ExitErrHandler: func(*cli.Context, error) {},
	}
	return app
}

// commands turns the verbs into urfave commands: each one also accepts the
// global flags, reports usage errors with a pointer to its help, and runs
// through action.
func commands(e *env, vars *arguments.VarList) []*cli.Command {
	return wrap(e, vars, verbs(), "wsdeploy ")
}

func wrap(e *env, vars *arguments.VarList, vs []verb, prefix string) []*cli.Command {
	var cmds []*cli.Command
	for _, v := range vs {
		cmd := v.cmd
		cmd.Flags = append(cmd.Flags, arguments.GlobalFlags(vars, "Global options (also accepted before the command):")...)
		cmd.OnUsageError = onUsageError(prefix + cmd.Name + " --help")
		cmd.Action = action(e, vars, v.run)
		cmd.Subcommands = wrap(e, vars, v.subs, prefix+cmd.Name+" ")
		cmds = append(cmds, cmd)
	}
	return cmds
}

func onUsageError(help string) cli.OnUsageErrorFunc {
	return func(_ *cli.Context, err error, _ bool) error {
		return &arguments.UsageError{Err: err, Help: help}
	}
}
