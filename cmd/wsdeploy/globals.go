package main

import (
	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

const (
	flagChdir     = "chdir"
	flagJSON      = "json"
	flagNoColor   = "no-color"
	flagVar       = "var"
	flagVarFile   = "var-file"
	flagPluginDir = "plugin-dir"
)

// globalFlags are accepted before the verb and after it. Each call returns
// fresh flags (urfave keeps state in them) that share vars, so that -var and
// -var-file stay in command-line order: the app's flags are parsed first,
// then the verb's. category groups them in a verb's help.
func globalFlags(vars *varList, category string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagChdir, Category: category, Usage: "switch to `DIR` before doing anything else"},
		&cli.BoolFlag{Name: flagJSON, Category: category, Usage: "machine-readable output: one JSON event per line on stdout"},
		&cli.BoolFlag{Name: flagNoColor, Category: category, Usage: "no colour in human output (also NO_COLOR=1)"},
		&cli.GenericFlag{Name: flagVar, Category: category, Value: &varFlag{list: vars},
			Usage: "set an input variable, `NAME=VALUE`; repeatable, later ones win"},
		&cli.GenericFlag{Name: flagVarFile, Category: category, Value: &varFlag{list: vars, file: true},
			Usage: "read input variables from `FILE`; repeatable, later ones win"},
		&cli.StringFlag{Name: flagPluginDir, Category: category,
			Usage: "look for provider plugins (wsdeploy-provider-NAME) in `DIR` first"},
	}
}

// globals are the global flags as the user meant them.
type globals struct {
	chdir     string
	json      bool
	noColor   bool
	vars      []config.VarArg
	pluginDir string
}

func readGlobals(c *cli.Context, vars *varList) globals {
	g := globals{vars: vars.args}
	if set := whereSet(c, flagChdir); set != nil {
		g.chdir = set.String(flagChdir)
	}
	if set := whereSet(c, flagJSON); set != nil {
		g.json = set.Bool(flagJSON)
	}
	if set := whereSet(c, flagNoColor); set != nil {
		g.noColor = set.Bool(flagNoColor)
	}
	if set := whereSet(c, flagPluginDir); set != nil {
		g.pluginDir = set.String(flagPluginDir)
	}
	return g
}

// whereSet returns the innermost context in which the user set flag name
// (after the verb beats before it), or nil when it was not set. It is needed
// because urfave's c.Bool(name) reads the innermost context that defines
// the flag, set or not, and so would hide `wsdeploy -json validate`.
func whereSet(c *cli.Context, name string) *cli.Context {
	for _, ctx := range c.Lineage() {
		// ctx.IsSet looks only at the first flag set of ctx's lineage that
		// defines name: ctx's own, since the app and every verb define it.
		if ctx.IsSet(name) {
			return ctx
		}
	}
	return nil
}
