package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/codepkg"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/internal/engine/watch"
	"github.com/wsdeploy/wsdeploy/internal/gateway/instance"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

func devVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "dev",
			Usage: "apply, then apply again on every change of the stack's files (local gateway only)",
			Description: "Applies the stack to the local gateway without asking, then watches the stack directory and the\n" +
				"functions' code directories (not .git, node_modules outside code directories, what .fcignore leaves\n" +
				"out, or what the build blocks write). After each change, once files have been still for --quiet, it\n" +
				"runs the build blocks, applies what changed, smoke-tests it and shows the functions' logs until the\n" +
				"next change. One round runs at a time; changes during a round start one more. Errors are shown and\n" +
				"the loop goes on. Ctrl-C stops watching and leaves the deployment running.",
			Flags: arguments.DevFlags(),
		},
		run: parsed(arguments.ParseDev, runDev),
	}
}

// devLoop is one run of wsdeploy dev.
type devLoop struct {
	inv     *invocation
	args    *arguments.Dev
	ctx     context.Context
	dir     string // the stack directory, absolute
	view    views.Dev
	watcher *watch.Watcher
	logs    chan devLog
	since   time.Time       // logs from before dev started are not shown
	tailing map[string]bool // FC function names whose log is followed
	filter  *devFilter      // what the watcher watches; replaced, never changed, as it runs in the watcher
	// built are the code directories of functions with a build block:
	// what changes in them during a build is its output, not the user's.
	built []string
}

// devFilter is what dev watches: the stack directory and the functions'
// code directories, less what no round reads.
type devFilter struct {
	dir      string
	stateDir string // the gateway's, never watched: its logs change all the time
	codeDirs []string
	ignored  map[string]func(rel string, isDir bool) bool // by code directory: its .fcignore
}

type devLog struct {
	function string
	entry    instance.Entry
}

func runDev(inv *invocation, args *arguments.Dev) error {
	dir, err := filepath.Abs(".")
	if err != nil {
		return err
	}
	ctx, stop := interrupted(inv.c.Context)
	defer stop()
	d := &devLoop{inv: inv, args: args, ctx: ctx, dir: dir, view: views.NewDev(inv.view()), logs: make(chan devLog, 256),
		since: time.Now(), tailing: map[string]bool{}, filter: &devFilter{dir: dir}}
	d.watcher = watch.New(d.filter.roots(), d.filter.skip, watch.Options{Quiet: args.Quiet})
	go d.watcher.Run(ctx)
	delay, err := d.round(true)
	if err != nil {
		return err // the stack is not for dev: nothing to watch for
	}
	d.view.Watching(d.filter.roots(), delay)
	for {
		select {
		case <-ctx.Done():
			d.view.Stopped()
			return nil
		case l := <-d.logs:
			d.view.Log(l.function, views.LogEntry(l.entry))
		case paths := <-d.watcher.Changes():
			d.view.Changed(d.relative(paths))
			d.round(false)
		}
	}
}

// round loads the stack, builds, plans, applies and smoke-tests it,
// showing what fails and going on. It returns the gateway's propagation
// delay (-1 if no gateway was reached), and an error only when the stack
// deploys elsewhere than the local gateway (refused on the first round,
// reported on later ones).
func (d *devLoop) round(first bool) (time.Duration, error) {
	inv := d.inv
	stack, err := loadStack(inv, ".") // diagnostics are shown, with paths as apply shows them
	if err != nil {
		return -1, nil
	}
	block, err := stack.Provider(d.args.Provider, local.Name)
	if err == nil && block.Name != local.Name {
		err = fmt.Errorf("wsdeploy dev deploys only to the local gateway, and this stack deploys with provider %q: "+
			"use wsdeploy apply for it, or choose a provider \"local\" block with -provider", block.Name)
		if first {
			return -1, err
		}
	}
	if err != nil {
		d.view.Error(err)
		return -1, nil
	}
	d.follow(stack, block)
	p, err := openProvider(d.ctx, inv, stack, block.Name, true)
	if err != nil {
		d.view.Error(err)
		return -1, nil
	}
	delay := p.Info().PropagationDelay
	// A round changes the stack like apply: it holds the stack's lock, so
	// an apply elsewhere (a teammate, CI) cannot interleave with it.
	release, err := lockStack(d.ctx, inv, p, stack.Name, "dev", d.args.LockTimeout)
	if err != nil {
		d.view.Error(err)
		return delay, nil
	}
	defer func() {
		if err := release(); err != nil {
			d.view.Error(err)
		}
	}()
	pv := views.NewPlan(inv.view())
	before := watch.Take(d.built, nil)
	pl, err := plan.Make(d.ctx, stack, p, plan.Options{Environ: inv.env.environ, Progress: pv.Progress})
	d.watcher.Ignore(before.Changed(watch.Take(d.built, nil)))
	if err != nil {
		d.view.Error(err)
		return delay, nil
	}
	pv.Plan(pl)
	if err := applyAndReport(d.ctx, inv, stack, pl, p, d.args.ApplyRun); err != nil {
		var status exitStatus
		if !errors.As(err, &status) { // an exit status was shown
			d.view.Error(err)
		}
	}
	return delay, nil
}

// follow watches the code directories of stack's functions and follows
// the logs of those not followed yet.
func (d *devLoop) follow(stack *config.Stack, block *config.Provider) {
	f := &devFilter{dir: d.dir, ignored: map[string]func(string, bool) bool{}}
	if dir, err := statedir.Resolve(local.DecodeSettings(block.Settings).StateDir); err == nil {
		f.stateDir = dir
	}
	d.built = nil
	for _, fn := range stack.Functions {
		if fn.Code == "" {
			continue
		}
		f.codeDirs = append(f.codeDirs, fn.Code)
		if ignored, err := codepkg.Ignored(fn.Code); err == nil { // else the plan says what is wrong
			f.ignored[fn.Code] = ignored
		}
		if fn.Build != nil {
			d.built = append(d.built, fn.Code)
		}
	}
	d.filter = f
	d.watcher.SetRoots(f.roots(), f.skip)
	for _, fn := range stack.Functions {
		if d.tailing[fn.Name] || f.stateDir == "" {
			continue
		}
		d.tailing[fn.Name] = true
		name, path := fn.Name, instance.LogPath(filepath.Join(f.stateDir, statedir.FunctionLogDir), fn.Name)
		go instance.ReadLog(d.ctx, path, instance.ReadOptions{Since: d.since, Follow: true}, func(e instance.Entry) error {
			select {
			case d.logs <- devLog{name, e}:
				return nil
			case <-d.ctx.Done():
				return d.ctx.Err()
			}
		})
	}
}

// roots are the stack directory and the code directories outside it.
func (f *devFilter) roots() []string {
	roots := []string{f.dir}
	for _, c := range f.codeDirs {
		if !within(f.dir, c) && !slices.Contains(roots, c) {
			roots = append(roots, c)
		}
	}
	return roots
}

// skip leaves out of the watch what no round reads.
func (f *devFilter) skip(path string, e fs.DirEntry) bool {
	if e.Name() == ".git" || (f.stateDir != "" && path == f.stateDir) {
		return true
	}
	code := ""
	for _, c := range f.codeDirs {
		if within(c, path) && len(c) > len(code) {
			code = c
		}
	}
	if code == "" {
		return e.Name() == "node_modules"
	}
	rel, err := filepath.Rel(code, path)
	ignored := f.ignored[code]
	if err != nil || ignored == nil || rel == "." || rel == codepkg.IgnoreFile { // .fcignore changes what is packaged
		return false
	}
	return ignored(filepath.ToSlash(rel), e.IsDir())
}

// relative shows paths from the stack directory where they are in it.
func (d *devLoop) relative(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if within(d.dir, p) {
			out[i], _ = filepath.Rel(d.dir, p)
		}
	}
	return out
}

// within reports whether path is dir or under it.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
