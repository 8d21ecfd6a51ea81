package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestPickVersion(t *testing.T) {
	info := func(v string) *debug.BuildInfo { return &debug.BuildInfo{Main: debug.Module{Version: v}} }
	cases := []struct {
		ldflags string
		info    *debug.BuildInfo
		ok      bool
		want    string
	}{
		{"v1.2.3", info("v0.9.0"), true, "v1.2.3"},
		{"", info("v0.9.0"), true, "v0.9.0"},
		{"", info("(devel)"), true, "dev"},
		{"", info(""), true, "dev"},
		{"", nil, false, "dev"},
	}
	for _, c := range cases {
		if got := pickVersion(c.ldflags, c.info, c.ok); got != c.want {
			t.Errorf("pickVersion(%q, %v, %v) = %q, want %q", c.ldflags, c.info, c.ok, got, c.want)
		}
	}
}

func TestVersionCommand(t *testing.T) {
	r := runCLI(t, "", "version")
	r.expect(t, exitOK)
	if !strings.HasPrefix(r.stdout, "wsdeploy "+currentVersion()+"\non ") {
		t.Errorf("stdout %q", r.stdout)
	}
	for _, args := range [][]string{{"-json", "version"}, {"version", "-json"}} {
		r := runCLI(t, "", args...)
		r.expect(t, exitOK)
		evs := jsonEvents(t, r.stdout)
		if len(evs) != 1 || evs[0]["type"] != "version" || evs[0]["wsdeploy"] != currentVersion() {
			t.Errorf("%q: %v", args, evs)
		}
	}
}
