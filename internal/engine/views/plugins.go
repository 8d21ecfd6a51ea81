package views

import (
	"fmt"
	"text/tabwriter"
)

// PluginInfo describes one provider plugin for `wsdeploy plugins`.
type PluginInfo struct {
	Name            string   `json:"name"`
	Path            string   `json:"path"`
	ProtocolVersion string   `json:"protocol_version,omitempty"` // major.minor
	Version         string   `json:"version,omitempty"`          // the plugin's own
	SDKVersion      string   `json:"sdk_version,omitempty"`
	Shadowed        []string `json:"shadowed,omitempty"` // same name later in the search: never run
	Error           string   `json:"error,omitempty"`    // why it did not start
}

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
		level, msg := "info", fmt.Sprintf("provider plugin %s %s", p.Name, p.Version)
		if p.Error != "" {
			level, msg = "error", p.Error
		}
		v.emit("plugin", level, msg, map[string]any{"plugin": p})
	}
	v.emit("plugins_summary", "info", fmt.Sprintf("%d provider plugins found", len(list)), map[string]any{"count": len(list), "searched": where})
}
