package main

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/hclfmt"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

// stdinName names standard input in diagnostics and diffs.
const stdinName = "<stdin>"

func fmtVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "fmt",
			Usage:     "rewrite the stack's HCL files in canonical layout",
			ArgsUsage: "[FILE|DIR|-]...",
			Description: "Formats the *.hcl files of each DIR (default: the current directory) and each\n" +
				"FILE in place, and lists the files it changed. '-' formats standard input to\n" +
				"standard output. Files with syntax errors are reported and left untouched.",
			Flags: arguments.FmtFlags(),
		},
		run: parsed(arguments.ParseFmt, runFmt),
	}
}

// fmtRun is one fmt invocation's settings and outcome.
type fmtRun struct {
	view        views.Fmt
	check, diff bool
	failed      bool // an error was reported
	unformatted bool // -check found a file to change
}

func runFmt(inv *invocation, args *arguments.Fmt) error {
	r := &fmtRun{
		view:  views.NewFmt(inv.view()),
		check: args.Check,
		diff:  args.Diff,
	}
	for _, p := range args.Paths {
		if p == "-" {
			r.stdin(inv.env.stdin)
			continue
		}
		files, err := hclFiles(p, args.Recursive)
		if err != nil {
			r.fail(err)
			continue
		}
		for _, f := range files {
			r.file(f)
		}
	}
	if r.failed || r.unformatted {
		return exitStatus(exitError)
	}
	return nil
}

// fail reports err and remembers that the run failed; fmt goes on with the
// other files.
func (r *fmtRun) fail(err error) {
	r.view.Error(err)
	r.failed = true
}

// format formats src and says what fmt should report; ok is false when src
// has syntax errors, which have been reported.
func (r *fmtRun) format(name string, src []byte) (out []byte, f views.FmtFile, ok bool) {
	out, diags := hclfmt.Format(name, src)
	if diags.HasErrors() {
		r.view.Diagnostics(diags, map[string][]byte{name: src})
		r.failed = true
		return nil, f, false
	}
	f = views.FmtFile{Name: name, Changed: !bytes.Equal(src, out)}
	if f.Changed && r.diff {
		f.Diff = hclfmt.UnifiedDiff(name, src, out)
	}
	if f.Changed && r.check {
		r.unformatted = true
	}
	return out, f, true
}

func (r *fmtRun) file(name string) {
	src, err := os.ReadFile(name)
	if err != nil {
		r.fail(err)
		return
	}
	out, f, ok := r.format(name, src)
	if !ok {
		return
	}
	if f.Changed && !r.check {
		// WriteFile keeps the mode of an existing file.
		if err := os.WriteFile(name, out, 0o644); err != nil {
			r.fail(fmt.Errorf("cannot write formatted %s: %w", name, err))
			return
		}
		f.Written = true
	}
	r.view.File(f)
}

// stdin formats standard input: the result goes to stdout unless only a
// check or a diff was asked for.
func (r *fmtRun) stdin(in io.Reader) {
	src, err := io.ReadAll(in)
	if err != nil {
		r.fail(fmt.Errorf("cannot read standard input: %w", err))
		return
	}
	out, f, ok := r.format(stdinName, src)
	if !ok {
		return
	}
	if r.check || r.diff {
		out = nil
	}
	r.view.Stdin(f, out)
}
