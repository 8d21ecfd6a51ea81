package main

import (
	"embed"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"
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
		run: runCompletion,
	}
}

func runCompletion(inv *invocation) error {
	args := inv.c.Args()
	if args.Len() != 1 {
		return fmt.Errorf("completion takes one shell name: bash, zsh or fish")
	}
	var script string
	switch shell := args.First(); shell {
	case "bash", "zsh":
		b, err := completionScripts.ReadFile("completion/wsdeploy." + shell)
		if err != nil {
			return err
		}
		script = string(b)
	case "fish":
		// From a fresh app: once running, urfave's help command lists
		// itself as its own subcommand and the generator never ends.
		s, err := newApp(inv.env).ToFishCompletion()
		if err != nil {
			return err
		}
		// urfave's `PLACEHOLDER` quotes mean nothing in fish's descriptions.
		script = strings.ReplaceAll(s, "`", "")
	default:
		return fmt.Errorf("no completion for shell %q: choose bash, zsh or fish", shell)
	}
	_, err := io.WriteString(inv.env.stdout, script)
	return err
}
