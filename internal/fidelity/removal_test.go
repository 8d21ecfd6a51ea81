package fidelity_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fidelity"
)

// fullCode and fullContainer set every optional attribute and block of a
// function and its http_trigger that reaches the provider, each on lines
// of its own (smoke and build never leave the machine). Nothing invokes
// these functions: on FC they cost nothing.
const fullCode = `
stack = "@stack"

function "fn" {
  name                 = "@stack"
  code                 = "./app"
  runtime              = "custom.debian11"
  description          = "all of it"
  command              = ["./bootstrap"]
  args                 = ["--log", "debug"]
  port                 = 8080
  memory_size          = 2048
  cpu                  = 0.5
  disk_size            = 10240
  timeout              = 600
  instance_concurrency = 20
  max_instances        = 3
  environment          = { A = "1" }
  tags                 = { team = "x" }

  health_check {
    http_get_url          = "/healthz"
    initial_delay_seconds = 7
    period_seconds        = 9
    timeout_seconds       = 3
    failure_threshold     = 5
    success_threshold     = 2
  }

  http_trigger "ws" {
    methods              = ["GET", "POST"]
    auth_type            = "anonymous"
    disable_url_internet = true
    description          = "public"
  }
}
`

const fullContainer = `
stack = "@stack"

function "fn" {
  name    = "@stack"
  runtime = "custom-container"

  container {
    image      = "@image"
    entrypoint = ["/app/server"]
    command    = ["--log", "debug"]
  }

  health_check {
    http_get_url = "/healthz"
  }

  http_trigger "ws" {
    methods = ["GET"]
  }
}
`

// fullSettings is fullCode's function with the production settings of
// issue 16. Its role, VPC, log project and layers are made up: real FC
// refuses them (it checks that they exist), so its rows run against the
// gateway only (the live tier needs real ones: unconfirmed there).
const fullSettings = `
stack = "@stack"

function "fn" {
  name            = "@stack"
  code            = "./app"
  timeout         = 600
  role            = "acs:ram::1234567890:role/wsdeploy-fidelity"
  internet_access = false
  layers          = ["acs:fc:cn-hangzhou:1234567890:layers/deps/versions/1"]

  vpc {
    vpc_id            = "vpc-fidelity"
    vswitch_ids       = ["vsw-fidelity"]
    security_group_id = "sg-fidelity"
  }

  log {
    project          = "wsdeploy-fidelity"
    logstore         = "fc-logs"
    request_metrics  = true
    instance_metrics = true
  }

  lifecycle {
    initializer_timeout = 10
    pre_stop_timeout    = 5
  }

  provisioned {
    target = 1
  }
}
`

// Removing any optional attribute or block takes effect: for each, apply
// the stack with it, apply it without, and the plan after is empty. FC
// keeps what an update leaves out (the gateway too), so this fails for
// every removal the provider does not send as an explicit empty value.
func TestRemovalMatrix(t *testing.T) {
	rows := []struct{ base, remove string }{
		{fullCode, `  runtime              = "custom.debian11"` + "\n"},
		{fullCode, `  description          = "all of it"` + "\n"},
		{fullCode, `  command              = ["./bootstrap"]` + "\n"},
		{fullCode, `  args                 = ["--log", "debug"]` + "\n"},
		{fullCode, `  port                 = 8080` + "\n"},
		{fullCode, `  memory_size          = 2048` + "\n"},
		{fullCode, `  cpu                  = 0.5` + "\n"},
		{fullCode, `  disk_size            = 10240` + "\n"},
		{fullCode, `  timeout              = 600` + "\n"},
		{fullCode, `  instance_concurrency = 20` + "\n"},
		{fullCode, `  max_instances        = 3` + "\n"},
		{fullCode, `  environment          = { A = "1" }` + "\n"},
		{fullCode, `  tags                 = { team = "x" }` + "\n"},
		{fullCode, between(fullCode, "  health_check {", "  }\n")},
		{fullCode, `    initial_delay_seconds = 7` + "\n"},
		{fullCode, `    period_seconds        = 9` + "\n"},
		{fullCode, `    timeout_seconds       = 3` + "\n"},
		{fullCode, `    failure_threshold     = 5` + "\n"},
		{fullCode, `    success_threshold     = 2` + "\n"},
		{fullCode, between(fullCode, "  http_trigger", "  }\n")},
		{fullCode, `    methods              = ["GET", "POST"]` + "\n"},
		{fullCode, `    auth_type            = "anonymous"` + "\n"},
		{fullCode, `    disable_url_internet = true` + "\n"},
		{fullCode, `    description          = "public"` + "\n"},
		{fullSettings, `  role            = "acs:ram::1234567890:role/wsdeploy-fidelity"` + "\n"},
		{fullSettings, `  internet_access = false` + "\n"},
		{fullSettings, `  layers          = ["acs:fc:cn-hangzhou:1234567890:layers/deps/versions/1"]` + "\n"},
		{fullSettings, between(fullSettings, "  vpc {", "  }\n")},
		{fullSettings, between(fullSettings, "  log {", "  }\n")},
		{fullSettings, `    request_metrics  = true` + "\n"},
		{fullSettings, `    instance_metrics = true` + "\n"},
		{fullSettings, between(fullSettings, "  lifecycle {", "  }\n")},
		{fullSettings, `    initializer_timeout = 10` + "\n"},
		{fullSettings, `    pre_stop_timeout    = 5` + "\n"},
		{fullSettings, between(fullSettings, "  provisioned {", "  }\n")},
		{fullContainer, `    entrypoint = ["/app/server"]` + "\n"},
		{fullContainer, `    command    = ["--log", "debug"]` + "\n"},
		{fullContainer, between(fullContainer, "  health_check {", "  }\n")},
		{fullContainer, between(fullContainer, "  http_trigger", "  }\n")},
	}
	for i, r := range rows {
		// The first word of the removed text: its attribute or block.
		word := strings.Fields(r.remove)[0]
		name := fmt.Sprintf("rm%02d-%s", i, word)
		switch r.base {
		case fullContainer:
			name = fmt.Sprintf("rm%02d-container-%s", i, word)
		case fullSettings:
			name = fmt.Sprintf("rm%02d-settings-%s", i, word)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if strings.Count(r.base, r.remove) != 1 {
				t.Fatalf("the stack has %d copies of %q, want 1", strings.Count(r.base, r.remove), r.remove)
			}
			tg := fidelity.Open(t)
			if r.base == fullSettings && tg.Live {
				t.Skip("fullSettings names a made-up role, VPC, log project and layer, which FC refuses: gateway only")
			}
			base := r.base
			if base == fullContainer {
				if tg.Image == "" {
					t.Skipf("a custom-container function needs an image FC can pull: set %s to one in the region's registry to run this row", fidelity.EnvImage)
				}
				base = strings.ReplaceAll(base, "@image", tg.Image)
			}
			s := tg.NewStack(t, name)
			s.WriteCode("app")
			s.Converge(base)
			s.Converge(strings.Replace(base, r.remove, "", 1))
		})
	}
}

// between is the text of s from the line starting with from to the first
// end after it, inclusive.
func between(s, from, end string) string {
	i := strings.Index(s, from)
	j := strings.Index(s[i:], end)
	return s[i : i+j+len(end)]
}
