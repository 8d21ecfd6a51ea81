package main

import (
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

// Each trigger is a server on its own loopback port that proxies WebSocket
// upgrades to its function and refuses other methods.
func TestNginxConfiguration(t *testing.T) {
	n := &nginx{path: "/nonexistent/nginx", dir: "/state/nginx"}
	r := &record{Function: &sdk.Function{Name: "chat", Timeout: 300}, Port: 4100, Triggers: map[string]*triggerRec{
		"ws":  {Trigger: &sdk.HTTPTrigger{Name: "ws", Methods: []string{"GET"}}, Port: 4200},
		"api": {Trigger: &sdk.HTTPTrigger{Name: "api", Methods: []string{"GET", "POST"}}, Port: 4201},
	}}
	conf, ports, err := n.render([]*record{r})
	if err != nil {
		t.Fatal(err)
	}
	if len(ports) != 2 || ports[0] != 4201 || ports[1] != 4200 {
		t.Errorf("ports %v, want the triggers' by name: [4201 4200]", ports)
	}
	s := string(conf)
	for _, want := range []string{
		"pid /state/nginx/nginx.pid;",
		"listen 127.0.0.1:4200;", "listen 127.0.0.1:4201;",
		"limit_except GET {", "limit_except GET POST {",
		"proxy_pass http://127.0.0.1:4100;",
		"proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $connection_upgrade;",
		"proxy_read_timeout 300s;",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("configuration lacks %q:\n%s", want, s)
		}
	}
}
