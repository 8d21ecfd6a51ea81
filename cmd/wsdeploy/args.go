package main

import (
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"
)

// positional returns the verb's arguments. Flags stop at the first
// argument (as in Terraform and Go's flag package), so a flag written after
// one would silently become a file or directory name: refuse it instead.
func positional(c *cli.Context) ([]string, error) {
	args := c.Args().Slice()
	for _, a := range args {
		if strings.HasPrefix(a, "-") && a != "-" {
			return nil, fmt.Errorf("flag %s comes after an argument; put flags first: 'wsdeploy %s [options] %s'",
				a, c.Command.Name, c.Command.ArgsUsage)
		}
	}
	return args, nil
}
