package apply_test

import (
	"strings"
	"testing"
)

// fullCode and fullContainer set every optional attribute and block of a
// function and its http_trigger that reaches the provider, each on lines
// of its own (smoke and build never leave the machine).
const fullCode = `
stack = "rm"

function "fn" {
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
stack = "rm"

function "fn" {
  runtime = "custom-container"

  container {
    image      = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
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
		{fullContainer, `    entrypoint = ["/app/server"]` + "\n"},
		{fullContainer, `    command    = ["--log", "debug"]` + "\n"},
		{fullContainer, between(fullContainer, "  health_check {", "  }\n")},
		{fullContainer, between(fullContainer, "  http_trigger", "  }\n")},
	}
	for _, r := range rows {
		name := strings.TrimSpace(strings.SplitN(r.remove, "\n", 2)[0])
		if r.base == fullContainer {
			name = "container: " + name
		}
		t.Run(name, func(t *testing.T) {
			if strings.Count(r.base, r.remove) != 1 {
				t.Fatalf("the stack has %d copies of %q, want 1", strings.Count(r.base, r.remove), r.remove)
			}
			p := newGateway(t).provider(t)
			sd := newStackDir(t)
			converge(t, sd.load(r.base), p)
			converge(t, sd.load(strings.Replace(r.base, r.remove, "", 1)), p)
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
