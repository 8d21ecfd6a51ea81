package arguments

import (
	"errors"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

const (
	flagChdir     = "chdir"
	flagJSON      = "json"
	flagNoColor   = "no-color"
	flagVar       = "var"
	flagVarFile   = "var-file"
	flagPluginDir = "plugin-dir"
)

// Globals are the global flags as the user meant them, merged from both
// positions (before the verb and after it).
type Globals struct {
	Chdir     string
	View      views.ViewType // -json
	NoColor   bool
	Vars      []config.VarArg // -var and -var-file, in command-line order
	PluginDir string
}

// GlobalFlags are accepted before the verb and after it. Each call returns
// fresh flags (urfave keeps state in them) that share vars, so that -var and
// -var-file stay in command-line order: the app's flags are parsed first,
// then the verb's. category groups them in a verb's help.
func GlobalFlags(vars *VarList, category string) []cli.Flag {
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

// ParseGlobals reads the global flags of the run whose verb has context c.
func ParseGlobals(c *cli.Context, vars *VarList) Globals {
	g := Globals{Vars: vars.args}
	if set := whereSet(c, flagChdir); set != nil {
		g.Chdir = set.String(flagChdir)
	}
	if set := whereSet(c, flagJSON); set != nil && set.Bool(flagJSON) {
		g.View = views.ViewJSON
	}
	if set := whereSet(c, flagNoColor); set != nil {
		g.NoColor = set.Bool(flagNoColor)
	}
	if set := whereSet(c, flagPluginDir); set != nil {
		g.PluginDir = set.String(flagPluginDir)
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

// VarList collects -var and -var-file in command-line order: their order
// decides which value wins, across both flags and both positions. One run
// has one list, shared by the app's flags and the verb's.
type VarList struct{ args []config.VarArg }

// varFlag is the value of one of the two flags; both append to one VarList.
type varFlag struct {
	list *VarList
	file bool // -var-file rather than -var
}

func (f *varFlag) Set(v string) error {
	if f.file {
		if v == "" {
			return errors.New("-var-file needs a file name")
		}
		f.list.args = append(f.list.args, config.VarArg{File: v})
		return nil
	}
	if name, _, ok := strings.Cut(v, "="); !ok || strings.TrimSpace(name) == "" {
		return errors.New("-var expects NAME=VALUE, e.g. -var 'region=cn-hangzhou'")
	}
	f.list.args = append(f.list.args, config.VarArg{Assignment: v})
	return nil
}

// String is what help shows as the default: nothing.
func (f *varFlag) String() string { return "" }
