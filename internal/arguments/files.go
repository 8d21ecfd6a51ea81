package arguments

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// Validate is `wsdeploy validate [DIR]`.
type Validate struct {
	Dir string // the stack directory; "." unless given
}

// ParseValidate reads validate's command line (it has no flags of its own).
func ParseValidate(c *cli.Context) (*Validate, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	v := &Validate{Dir: "."}
	switch {
	case len(args) > 1:
		return nil, fmt.Errorf("validate takes one stack directory, got %d arguments; see 'wsdeploy validate --help'", len(args))
	case len(args) == 1:
		v.Dir = args[0]
	}
	return v, nil
}

// Fmt is `wsdeploy fmt [options] [FILE|DIR|-]...`.
type Fmt struct {
	Paths     []string // files, directories, and "-" for standard input; "." unless given
	Check     bool     // change nothing; fail when a file is not formatted
	Diff      bool
	Recursive bool
}

// FmtFlags are fmt's flags.
func FmtFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "check", Usage: "change nothing; exit 1 when a file is not formatted"},
		&cli.BoolFlag{Name: "diff", Usage: "print the changes as unified diffs"},
		&cli.BoolFlag{Name: "recursive", Usage: "also format the *.hcl files of subdirectories"},
	}
}

// ParseFmt reads fmt's command line.
func ParseFmt(c *cli.Context) (*Fmt, error) {
	paths, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return &Fmt{Paths: paths, Check: c.Bool("check"), Diff: c.Bool("diff"), Recursive: c.Bool("recursive")}, nil
}

// DefaultExample is the example init copies unless told otherwise.
const DefaultExample = "echo-go"

// Init is `wsdeploy init [-example NAME] [DIR]`.
type Init struct {
	Example string
	Dir     string // the directory to create; the example's name unless given
}

// InitFlags are init's flags.
func InitFlags() []cli.Flag {
	return []cli.Flag{&cli.StringFlag{Name: "example", Value: DefaultExample, Usage: "the example to copy: `NAME`"}}
}

// ParseInit reads init's command line. Whether the example exists is the
// examples package's to say.
func ParseInit(c *cli.Context) (*Init, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	in := &Init{Example: c.String("example")}
	in.Dir = in.Example
	switch len(args) {
	case 0:
	case 1:
		in.Dir = args[0]
	default:
		return nil, fmt.Errorf("init takes one directory, got %d arguments", len(args))
	}
	return in, nil
}

// Convert is `wsdeploy convert [-o DIR] S.YAML`.
type Convert struct {
	File string // the s.yaml
	Out  string // -o: the stack directory to write, "-" for stdout; "" is the s.yaml's directory
}

// ConvertFlags are convert's flags.
func ConvertFlags() []cli.Flag {
	return []cli.Flag{&cli.StringFlag{Name: "o", Usage: "the stack `DIR` to write, or - for standard output"}}
}

// ParseConvert reads convert's command line.
func ParseConvert(c *cli.Context) (*Convert, error) {
	args, err := Positional(c)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, fmt.Errorf("convert takes one s.yaml file, got %d arguments: wsdeploy convert [-o DIR] s.yaml", len(args))
	}
	return &Convert{File: args[0], Out: c.String("o")}, nil
}
