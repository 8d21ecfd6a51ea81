package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/convert"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
)

func convertVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:      "convert",
			Usage:     "translate a Serverless Devs fc3 s.yaml into a stack",
			ArgsUsage: "S.YAML",
			Description: "Writes " + convert.MainFile + " (and certificate files given inline) into DIR, default the s.yaml's directory;\n" +
				"refuses to replace a file. Settings wsdeploy cannot translate become comments saying why.\n" +
				"-o - prints the HCL instead.",
			Flags: arguments.ConvertFlags(),
		},
		run: parsed(arguments.ParseConvert, runConvert),
	}
}

func runConvert(inv *invocation, args *arguments.Convert) error {
	file := args.File
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", file, err)
	}
	dir := args.Out
	if dir == "" {
		dir = filepath.Dir(file)
	}
	in := convert.Input{Filename: file, Src: src}
	if dir != "-" {
		in.Path = convert.RelativeTo(absPath(filepath.Dir(file)), absPath(dir))
	}
	res, err := convert.Convert(in)
	if err != nil {
		return err
	}
	out := views.Converted{Source: file, Functions: res.Functions}
	for _, n := range res.Notes {
		out.Skipped = append(out.Skipped, views.ConvertedNote{Line: n.Line, Resource: n.Where, What: n.What, Why: n.Why})
	}
	if dir == "-" {
		if len(res.Files) > 0 {
			return fmt.Errorf("%s gives certificates inline, which wsdeploy reads from files: convert with -o DIR to write them", file)
		}
		out.HCL = string(res.HCL)
	} else {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := convert.Write(dir, res); err != nil {
			return err
		}
		out.Dir = dir
		out.Files = []string{filepath.Join(dir, convert.MainFile)}
		for name := range res.Files {
			out.Files = append(out.Files, filepath.Join(dir, name))
		}
		sort.Strings(out.Files[1:])
	}
	views.NewConvert(inv.view()).Converted(out)
	return nil
}

// absPath is p made absolute; left as it is when the working directory is gone.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
