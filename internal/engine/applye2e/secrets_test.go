package applye2e

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers"
)

const secretStack = `
stack = "secret"

variable "db_password" {
  type      = string
  sensitive = true
  default   = "hunter2-db-password"
}
variable "api_token" {
  type      = string
  sensitive = true
}

provider "aliyun" {
  region            = "cn-hangzhou"
  access_key_secret = "provider-key-secret-0042"
}

function "app" {
  code        = "./app"
  description = "talks to db with ${var.db_password}"
  command     = ["./bootstrap", "--token", var.api_token]
  environment = {
    DB_PASSWORD = var.db_password
    TOKEN_URL   = "https://api.example.com/?t=${var.api_token}"
    COPY        = "provider-key-secret-0042"
    PLAIN       = "plainly-visible"
  }
  http_trigger "ws" {
    methods   = ["GET"]
    auth_type = "anonymous"
  }
}

output "token" {
  value     = var.api_token
  sensitive = true
}
output "url" {
  value = function.app.http_trigger.ws.url
}
`

// renderers are the human and the JSON views of one run, writing into
// one buffer that the test greps.
type renderers struct {
	out     bytes.Buffer
	plans   []views.Plan
	applies []views.Apply
}

func newRenderers() *renderers {
	r := &renderers{}
	stream := views.Stream{Writer: &r.out, Color: views.NewColor(true)}
	for _, vt := range []views.ViewType{views.ViewHuman, views.ViewJSON} {
		base := views.New(views.Options{Streams: views.Streams{Stdout: stream, Stderr: stream}, Type: vt, Version: "test"})
		r.plans = append(r.plans, views.NewPlan(base))
		r.applies = append(r.applies, views.NewApply(base))
	}
	return r
}

func (r *renderers) plan(pl *plan.Plan) {
	for _, v := range r.plans {
		v.Plan(pl)
	}
}

// apply applies pl, rendering every event, the result and the outputs.
func (r *renderers) apply(t *testing.T, stack *config.Stack, pl *plan.Plan, p providers.Provider) *apply.Result {
	t.Helper()
	res, err := apply.Apply(ctx, pl, p, apply.Options{Progress: func(e apply.Event) {
		for _, v := range r.applies {
			v.Progress(e)
		}
	}})
	for _, v := range r.applies {
		if err != nil {
			v.Error(err)
		}
		v.Result(res)
	}
	outs, _ := apply.Outputs(stack, res)
	for _, v := range r.applies {
		v.Outputs(outs)
	}
	return res
}

func TestSecretsNeverRendered(t *testing.T) {
	secrets := []string{"hunter2-db-password", "tok-1234567890", "provider-key-secret-0042", "hunter3-rotated-pass", "tok-rotated-0987654"}
	g := newGateway(t)
	p := g.provider(t)
	sd := newStackDir(t)
	r := newRenderers()
	load := func(src string, vars ...string) *config.Stack {
		var args []config.VarArg
		for _, v := range vars {
			args = append(args, config.VarArg{Assignment: v})
		}
		if err := os.WriteFile(filepath.Join(sd.dir, "main.hcl"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return loadStack(t, sd.dir, args...)
	}

	// Create, with a saved plan file.
	stack := load(secretStack, "api_token=tok-1234567890")
	pl := mustPlan(t, stack, p)
	r.plan(pl)
	var file bytes.Buffer
	if err := pl.Save(&file); err != nil {
		t.Fatal(err)
	}
	r.out.Write(file.Bytes())
	r.apply(t, stack, pl, p)

	// Rotate both secrets: an update whose old and new values are secret.
	rotated := strings.Replace(secretStack, "hunter2-db-password", "hunter3-rotated-pass", 1)
	stack = load(rotated, "api_token=tok-rotated-0987654")
	pl = mustPlan(t, stack, p)
	r.plan(pl)
	// The provider's error echoes what it was sent; apply's error must not.
	g.setFault(echoFault("UpdateFunction", "hunter3-rotated-pass"))
	r.apply(t, stack, pl, p)
	g.setFault(nil)
	r.apply(t, stack, mustPlan(t, stack, p), p)

	// Remove the secret key and argument: old values the configuration no
	// longer describes.
	removed := strings.NewReplacer(`    DB_PASSWORD = var.db_password`+"\n", "", `, "--token", var.api_token`, "").Replace(rotated)
	stack = load(removed, "api_token=tok-rotated-0987654")
	pl = mustPlan(t, stack, p)
	r.plan(pl)
	r.apply(t, stack, pl, p)

	// Destroy.
	pl = mustPlanDestroy(t, stack, p)
	r.plan(pl)
	r.apply(t, stack, pl, p)

	out := r.out.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			i := strings.Index(out, s)
			t.Errorf("secret %q rendered: …%s…", s, out[max(0, i-200):min(len(out), i+100)])
		}
	}
	// The test sees what it should: masks, and the values that are not secret.
	for _, want := range []string{"(sensitive value)", `"sensitive":true`, "plainly-visible", "token = <sensitive>", "apply_errored", "http://127.0.0.1:9/app-"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// echoFault refuses action with an error message quoting secret, as a
// server that echoes a bad value would.
func echoFault(action, secret string) faultFunc {
	return func(r *http.Request, body []byte) *fault {
		if r.Header.Get("x-acs-action") != action || !bytes.Contains(body, []byte(secret)) {
			return nil
		}
		return &fault{status: http.StatusBadRequest, message: "environmentVariables.DB_PASSWORD: value " + secret + " is not allowed"}
	}
}
