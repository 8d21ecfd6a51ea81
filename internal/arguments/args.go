package arguments

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// UsageError is a command line wsdeploy could not make sense of (unknown
// verb or flag, bad flag value). Help names the help to read; the CLI
// prints it after the error.
type UsageError struct {
	Err  error
	Help string // e.g. "wsdeploy fmt --help"
}

func (u *UsageError) Error() string { return u.Err.Error() }

func (u *UsageError) Unwrap() error { return u.Err }

// Positional returns the verb's arguments. Flags stop at the first
// argument (as in Terraform and Go's flag package), so a flag written after
// one would silently become a file or directory name: refuse it instead.
func Positional(c *cli.Context) ([]string, error) {
	args := c.Args().Slice()
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			return nil, fmt.Errorf("flag %s comes after an argument; put flags first: 'wsdeploy %s [options] %s'",
				a, c.Command.Name, c.Command.ArgsUsage)
		}
	}
	return args, nil
}

// NoArgs refuses arguments for a verb that takes none.
func NoArgs(c *cli.Context) error {
	args, err := Positional(c)
	if err == nil && len(args) > 0 {
		err = errors.New("wsdeploy " + c.Command.Name + " takes no arguments, got " + strconv.Quote(args[0]))
	}
	return err
}
