package plan

import (
	"context"
	"fmt"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/engine/build"
	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
)

// code runs the build blocks of fns and packages their code directories,
// returning each function's archive by label. Builds run one at a time in
// label order (they may write into the same directory) and once per
// distinct command; each code directory is packaged once, in parallel.
func (m *maker) code(ctx context.Context, fns []*config.Function) (map[string]*codepkg.Archive, error) {
	built := map[string]bool{}
	var dirs []string
	first := map[string]*config.Function{} // code dir → first function using it
	for _, f := range fns {
		if !needsCode(f) {
			continue
		}
		if f.Build != nil {
			cmd := build.Command{Dir: m.stack.Dir, Args: f.Build.Command, Env: f.Build.Environment, Environ: m.opts.Environ}
			if key := cmd.Key(); !built[key] {
				built[key] = true
				if err := m.build(ctx, f, cmd); err != nil {
					return nil, err
				}
			}
		}
		if first[f.Code] == nil {
			first[f.Code] = f
			dirs = append(dirs, f.Code)
		}
	}
	archives := make([]*codepkg.Archive, len(dirs))
	err := forEach(ctx, len(dirs), m.opts.parallelism(), func(_ context.Context, i int) error {
		a, err := codepkg.Package(dirs[i], codepkg.Options{})
		if err != nil {
			return fmt.Errorf("function.%s: %w", first[dirs[i]].Label, err)
		}
		archives[i] = a
		return nil
	})
	if err != nil {
		return nil, err
	}
	byDir := map[string]*codepkg.Archive{}
	for i, d := range dirs {
		byDir[d] = archives[i]
	}
	out := map[string]*codepkg.Archive{}
	for _, f := range fns {
		if needsCode(f) {
			out[f.Label] = byDir[f.Code]
		}
	}
	return out, nil
}

func (m *maker) build(ctx context.Context, f *config.Function, cmd build.Command) error {
	addr := "function." + f.Label
	m.progress.report(Progress{Kind: BuildStart, Address: addr})
	start := time.Now()
	if err := build.Run(ctx, cmd, m.secrets.values); err != nil {
		return fmt.Errorf("%s: %w", addr, err)
	}
	m.progress.report(Progress{Kind: BuildDone, Address: addr, Elapsed: time.Since(start)})
	return nil
}
