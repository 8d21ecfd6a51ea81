package arguments

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// None is the command line of a verb that takes no arguments and has no
// flags of its own (version, plugins).
type None struct{}

// ParseNone refuses any argument: `wsdeploy version extra` is a mistake
// to point out, not to ignore.
func ParseNone(c *cli.Context) (None, error) { return None{}, NoArgs(c) }

// Completion is completion's command line.
type Completion struct {
	Shell string
}

// Shells are the shells completion writes a script for.
var Shells = []string{"bash", "zsh", "fish"}

// ParseCompletion reads completion's command line: one shell name.
func ParseCompletion(c *cli.Context) (*Completion, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	choose := strings.Join(Shells[:len(Shells)-1], ", ") + " or " + Shells[len(Shells)-1]
	if len(args) != 1 {
		return nil, fmt.Errorf("completion takes one shell name: %s; got %d arguments", choose, len(args))
	}
	if !slices.Contains(Shells, args[0]) {
		return nil, fmt.Errorf("no completion for shell %q: choose %s", args[0], choose)
	}
	return &Completion{Shell: args[0]}, nil
}
