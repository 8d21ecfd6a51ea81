package main

import (
	"embed"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
)

// The bash and zsh scripts ask the binary for candidates through urfave's
// --generate-bash-completion; fish gets a static script generated from the
// command definitions.
//
//go:embed completion/wsdeploy.bash completion/wsdeploy.zsh
var completionScripts embed.FS

func completionVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "completion",
			Usage:     "print a shell completion script (bash, zsh or fish)",
			ArgsUsage: "bash|zsh|fish",
			Description: "Load it in the current shell, e.g.:\n" +
				"  source <(wsdeploy completion bash)\n" +
				"  source <(wsdeploy completion zsh)     # after compinit\n" +
				"  wsdeploy completion fish | source",
		},
		run: parsed(arguments.ParseCompletion, runCompletion),
	}
}

func runCompletion(inv *invocation, args *arguments.Completion) error {
	var script string
	switch args.Shell {
	case "fish":
		// From a fresh app: once running, urfave's help command lists
		// itself as its own subcommand and the generator never ends.
		s, err := newApp(inv.env).ToFishCompletion()
		if err != nil {
			return err
		}
		// urfave's `PLACEHOLDER` quotes mean nothing in fish's descriptions.
		script = strings.ReplaceAll(s, "`", "")
	default: // bash, zsh: arguments.Shells
		b, err := completionScripts.ReadFile("completion/wsdeploy." + args.Shell)
		if err != nil {
			return err
		}
		script = string(b)
	}
	_, err := io.WriteString(inv.env.stdout, script)
	return err
}
