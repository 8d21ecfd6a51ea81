package views

import (
	"fmt"
	"text/tabwriter"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// PluginInfo describes one provider plugin for `wsdeploy plugins`; its
// JSON is the -json stream's.
type PluginInfo = jsonstream.PluginInfo

// Plugins shows `wsdeploy plugins`.
type Plugins interface {
	Base
	// Plugins lists the plugins found; where says where they were looked for.
	Plugins(list []PluginInfo, where string)
}

// NewPlugins builds the plugins view on base.
func NewPlugins(base Base) Plugins {
	return pick(base,
		func(h *Human) Plugins { return &pluginsHuman{h} },
		func(j *JSON) Plugins { return &pluginsJSON{j} })
}

type pluginsHuman struct{ *Human }

func (v *pluginsHuman) Plugins(list []PluginInfo, where string) {
	out := v.Streams.Stdout
	if len(list) == 0 {
		fmt.Fprintf(out, "No provider plugins found. They are executables named wsdeploy-provider-<name>, looked for in %s.\n", where)
		return
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVERSION\tPROTOCOL\tPATH")
	for _, p := range list {
		version, protocol := orDash(p.Version), orDash(p.ProtocolVersion)
		if p.Error != "" {
			version, protocol = out.Color.Paint("failed", Bold, Red), "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, version, protocol, p.Path)
	}
	tw.Flush()
	for _, p := range list {
		if p.Error != "" {
			fmt.Fprintf(out, "\n%s %s\n", out.Color.Paint(p.Name+":", Bold), p.Error)
		}
		for _, s := range p.Shadowed {
			fmt.Fprintf(out, "\n%s %s is not used: %s comes first.\n", out.Color.Paint("Note:", Bold), s, p.Path)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

type pluginsJSON struct{ *JSON }

func (v *pluginsJSON) Plugins(list []PluginInfo, where string) {
	for _, p := range list {
		level, msg := jsonstream.Info, fmt.Sprintf("provider plugin %s %s", p.Name, p.Version)
		if p.Error != "" {
			level, msg = jsonstream.Error, p.Error
		}
		v.emit(level, msg, jsonstream.Plugin{Plugin: p})
	}
	v.emit(jsonstream.Info, plural(len(list), "provider plugin")+" found", jsonstream.PluginsSummary{Count: len(list), Searched: where})
}
