package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/arguments"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/plugins/host"
	"github.com/wsdeploy/wsdeploy/providers"
)

// envLog sets the level of the plugins' log lines shown on stderr.
const envLog = "WSDEPLOY_LOG"

// pluginSet holds the plugins one run started, so that the schema read to
// validate a provider block and the provider then deployed with come from
// one process, and so that every plugin is killed when the run ends.
type pluginSet struct {
	open map[string]*host.Plugin
}

func (s *pluginSet) close() {
	for _, p := range s.open {
		p.Close()
	}
	s.open = nil
}

func pluginSearch(inv *invocation) host.Search {
	return host.DefaultSearch(inv.globals.PluginDir, inv.env.getenv)
}

func pluginOptions(inv *invocation) host.Options {
	level := hclog.LevelFromString(inv.env.getenv(envLog))
	if level == hclog.NoLevel {
		level = hclog.Warn
	}
	return host.Options{
		Logger:      hclog.New(&hclog.LoggerOptions{Name: "wsdeploy", Output: inv.env.stderr, Level: level}),
		HostVersion: currentVersion(),
	}
}

// plugin returns the running plugin for provider name, starting it on
// first use; a name no plugin has is an error matching host.ErrNotFound.
func (inv *invocation) plugin(ctx context.Context, name string) (*host.Plugin, error) {
	if p, ok := inv.plugins.open[name]; ok {
		return p, nil
	}
	path, err := pluginSearch(inv).Find(name)
	if err != nil {
		return nil, err
	}
	p, err := host.Open(ctx, name, path, pluginOptions(inv))
	if err != nil {
		return nil, err
	}
	if inv.plugins.open == nil {
		inv.plugins.open = map[string]*host.Plugin{}
	}
	inv.plugins.open[name] = p
	return p, nil
}

// loadWithPlugins is config.Load with the schemas of the plugins the
// stack's provider blocks name, so that a plugin's block is validated
// like a built-in's. A plugin that is found but fails is a diagnostic on
// its block; a name nothing provides keeps config's "Unknown provider",
// which then says where plugins were looked for.
func loadWithPlugins(inv *invocation, dir string, opts config.Options) (*config.Stack, hcl.Diagnostics) {
	schemas := providerSchemas()
	var pluginDiags hcl.Diagnostics
	failed := map[hcl.Range]bool{} // the labels of blocks whose plugin failed
	for _, b := range providerBlocks(dir) {
		name := b.Labels[0]
		if _, builtin := schemas[name]; builtin {
			continue
		}
		schema, err := inv.pluginSchema(name)
		switch {
		case err == nil:
			schemas[name] = schema
		case !isNotFound(err):
			failed[b.LabelRanges[0]] = true
			pluginDiags = append(pluginDiags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Provider plugin failed",
				Detail: err.Error(), Subject: b.LabelRanges[0].Ptr()})
		}
	}
	opts.ProviderSchemas = schemas
	stack, diags := loadConfig(dir, opts)
	out := pluginDiags
	for _, d := range diags {
		if d.Summary == "Unknown provider" {
			if d.Subject != nil && failed[*d.Subject] {
				continue // the plugin's own failure says more
			}
			d.Detail += fmt.Sprintf(" A provider plugin is an executable named %s<name>, looked for in %s.", host.Prefix, pluginSearch(inv))
		}
		out = append(out, d)
	}
	return stack, out
}

func (inv *invocation) pluginSchema(name string) (providers.Schema, error) {
	ctx := context.Background()
	if inv.c != nil {
		ctx = inv.c.Context
	}
	p, err := inv.plugin(ctx, name)
	if err != nil {
		return providers.Schema{}, err
	}
	return p.Schema(ctx)
}

func isNotFound(err error) bool { return errors.Is(err, host.ErrNotFound) }

// providerBlocks are the provider blocks of dir's stack files, read
// before config.Load so that the plugins they name can be asked for their
// schemas. Files that do not parse are left to config to report.
func providerBlocks(dir string) []*hclsyntax.Block {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []*hclsyntax.Block
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".hcl") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, config.VarsSuffix) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		f, _ := hclsyntax.ParseConfig(src, filepath.Join(dir, name), hcl.InitialPos)
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type == "provider" && len(b.Labels) == 1 {
				out = append(out, b)
			}
		}
	}
	return out
}

// openPluginProvider configures the plugin for block as the provider to
// deploy with.
func openPluginProvider(ctx context.Context, inv *invocation, block *config.Provider) (providers.Provider, error) {
	p, err := inv.plugin(ctx, block.Name)
	if isNotFound(err) {
		return nil, fmt.Errorf("provider %q is neither built in (local, aliyun) nor a plugin: %w", block.Name, err)
	}
	if err != nil {
		return nil, err
	}
	return p.Configure(ctx, block.Settings, block.Sensitive)
}

func pluginsVerb() verb {
	return verb{
		cmd: &cli.Command{
			Name:  "plugins",
			Usage: "list the provider plugins found, with their versions",
			Description: "Looks for executables named " + host.Prefix + "<name> in -plugin-dir, $" + host.EnvPluginDir + ",\n" +
				"~/.wsdeploy/plugins and PATH (in that order; the first one of a name wins), starts each to ask\n" +
				"its versions, and lists them. Exits 1 when a plugin fails to start.",
		},
		run: parsed(arguments.ParseNone, runPlugins),
	}
}

func runPlugins(inv *invocation, _ arguments.None) error {
	search := pluginSearch(inv)
	var list []views.PluginInfo
	broken := false
	for _, f := range search.List() {
		info := views.PluginInfo{Name: f.Name, Path: f.Path, Shadowed: f.Shadowed}
		p, err := host.Open(inv.c.Context, f.Name, f.Path, pluginOptions(inv))
		if err != nil {
			info.Error, broken = err.Error(), true
		} else {
			info.ProtocolVersion = fmt.Sprintf("%d.%d", p.ProtocolVersion, p.ProtocolMinor)
			info.Version, info.SDKVersion = p.Version, p.SDKVersion
			p.Close()
		}
		list = append(list, info)
	}
	views.NewPlugins(inv.view()).Plugins(list, search.String())
	if broken {
		return exitStatus(exitError)
	}
	return nil
}
