package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/wsdeploy/wsdeploy/providers"
)

const (
	goodRole  = "acs:ram::1234567890:role/aliyunfcdefaultrole"
	goodLayer = "acs:fc:cn-hangzhou:1234567890:layers/deps/versions/3"
)

// Each bad value of the production settings is reported at the value
// (file:line:column of the marker), only once.
var settingsRules = []ruleCase{
	{name: "role not an ARN", summary: "Invalid role", detail: "acs:ram::<account id>:role/<role name>",
		src: fn(`  role = ⟪"AliyunFCDefaultRole"`)},
	{name: "role of another service", summary: "Invalid role", detail: "RAM role ARN",
		src: fn(`  role = ⟪"acs:fc::1234567890:role/x"`)},
	{name: "vpc id", summary: "Invalid vpc_id", detail: `starting with "vpc-"`,
		src: fn(`  vpc {
    vpc_id            = ⟪"bp1abc"
    vswitch_ids       = ["vsw-1"]
    security_group_id = "sg-1"
  }`)},
	{name: "vswitch id", summary: "Invalid vswitch_ids", detail: `starting with "vsw-"`,
		src: fn(`  vpc {
    vpc_id            = "vpc-1"
    vswitch_ids       = ["vsw-1", ⟪"sw-2"]
    security_group_id = "sg-1"
  }`)},
	{name: "no vswitch", summary: "Invalid vswitch_ids", detail: "at least one vSwitch",
		src: fn(`  vpc {
    vpc_id            = "vpc-1"
    vswitch_ids       = ⟪[]
    security_group_id = "sg-1"
  }`)},
	{name: "security group", summary: "Invalid security_group_id", detail: `starting with "sg-"`,
		src: fn(`  vpc {
    vpc_id            = "vpc-1"
    vswitch_ids       = ["vsw-1"]
    security_group_id = ⟪"group"
  }`)},
	{name: "log project", summary: "Invalid log project", detail: "SLS project name",
		src: fn(`  log {
    project  = ⟪"My_Project"
    logstore = "fc-logs"
  }`)},
	{name: "logstore", summary: "Invalid logstore", detail: "SLS logstore name",
		src: fn(`  log {
    project  = "chat-logs"
    logstore = ⟪"x"
  }`)},
	{name: "layer not an ARN", summary: "Invalid layer", detail: "layers/<name>/versions/<version>",
		src: fn(`  layers = ["` + goodLayer + `", ⟪"deps:3"]`)},
	{name: "layer twice", summary: "Invalid layers", detail: "listed twice",
		src: fn(`  layers = ⟪["` + goodLayer + `", "` + goodLayer + `"]`)},
	{name: "too many layers", summary: "Invalid layers", detail: "at most 5",
		src: fn(`  layers = ⟪["acs:fc:cn-hangzhou:1:layers/a/versions/1", "acs:fc:cn-hangzhou:1:layers/b/versions/1",
    "acs:fc:cn-hangzhou:1:layers/c/versions/1", "acs:fc:cn-hangzhou:1:layers/d/versions/1",
    "acs:fc:cn-hangzhou:1:layers/e/versions/1", "acs:fc:cn-hangzhou:1:layers/f/versions/1"]`)},
	{name: "layers on a container", summary: "Not used by a custom container", detail: "Remove layers",
		src: `function "c" {
  runtime = "custom-container"
  layers  = ⟪["` + goodLayer + `"]
  container {
    image = "registry.cn-hangzhou.aliyuncs.com/ns/app:1"
  }
}`},
	{name: "pre-stop over 90 s", summary: "Invalid pre_stop_timeout", detail: "between 1 and 90",
		src: fn(`  lifecycle {
    pre_stop_timeout = ⟪91
  }`)},
	{name: "initializer zero", summary: "Invalid initializer_timeout", detail: "between 1 and 600",
		src: fn(`  lifecycle {
    initializer_timeout = ⟪0
  }`)},
	{name: "initializer too long", summary: "Invalid initializer_timeout", detail: "between 1 and 600",
		src: fn(`  lifecycle {
    initializer_timeout = ⟪601
    pre_stop_timeout    = 10
  }`)},
	{name: "empty lifecycle", summary: "Empty lifecycle block", detail: "configures no hook",
		src: fn(`  ⟪lifecycle {
  }`)},
	{name: "provisioned zero", summary: "Invalid provisioned target", detail: "between 1 and 10000",
		src: fn(`  provisioned {
    target = ⟪0
  }`)},
	{name: "internet_access not a bool", summary: "Incorrect attribute value type", detail: `"internet_access"`,
		src: fn(`  internet_access = ⟪"maybe"`)},
}

// A setting given null (a variable left at a null default) is not set, and
// a block whose attributes are all null is no block, as in Terraform: that
// is how a stack turns vpc and role on for FC and off for the local
// gateway. A block only partly set is checked, at the block.
func TestNullSettingsAreUnset(t *testing.T) {
	const vars = `
variable "role" {
  type    = string
  default = null
}
variable "vpc_id" {
  type    = string
  default = null
}
variable "vswitch_ids" {
  type    = list(string)
  default = null
}
`
	body := `  role = var.role
  vpc {
    vpc_id            = var.vpc_id
    vswitch_ids       = var.vswitch_ids
    security_group_id = null
  }
  log {
    project  = null
    logstore = null
  }
  lifecycle {
    pre_stop_timeout = null
  }`
	st, diags, _ := loadMain(t, vars+fn(body), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	if f := st.Functions[0]; f.Role != "" || f.VPC != nil || f.Log != nil || f.Lifecycle != nil {
		t.Errorf("null settings were set: role %q, vpc %+v, log %+v, lifecycle %+v", f.Role, f.VPC, f.Log, f.Lifecycle)
	}

	src := vars + fn(strings.Replace(body, "var.vpc_id", `"vpc-bp1abc"`, 1))
	_, diags, _ = loadMain(t, src, Options{})
	d := findDiag(t, diags, hcl.DiagError, "Invalid security_group_id")
	if line := strings.Count(src[:strings.Index(src, "  vpc {")], "\n") + 1; d.Subject.Start.Line != line {
		t.Errorf("the missing security_group_id is reported at line %d, want the vpc block's line %d", d.Subject.Start.Line, line)
	}
}

func TestSettingsValidation(t *testing.T) {
	for _, tc := range settingsRules {
		t.Run(tc.name, func(t *testing.T) { checkOnly(t, tc, hcl.DiagError) })
	}
}

// Good values decode into the function, layers in the order written, the
// blocks' unset booleans false and internet_access nil (FC's default)
// unless written.
func TestSettingsDecode(t *testing.T) {
	st, diags, _ := loadMain(t, fn(`  role            = "`+goodRole+`"
  internet_access = false
  layers          = ["acs:fc:cn-hangzhou:official:layers/Python310/versions/2", "`+goodLayer+`"]
  vpc {
    vpc_id            = "vpc-bp1abc"
    vswitch_ids       = ["vsw-bp1a", "vsw-bp1b"]
    security_group_id = "sg-bp1abc"
  }
  log {
    project         = "chat-logs"
    logstore        = "fc_logs"
    request_metrics = true
  }
  lifecycle {
    initializer_timeout = 600
    pre_stop_timeout    = 90
  }
  provisioned {
    target = 2
  }`), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	f := st.Functions[0]
	no, two := false, 2
	want := Function{Role: goodRole, InternetAccess: &no,
		Layers:      []string{"acs:fc:cn-hangzhou:official:layers/Python310/versions/2", goodLayer},
		VPC:         &providers.VPC{VPCID: "vpc-bp1abc", VSwitchIDs: []string{"vsw-bp1a", "vsw-bp1b"}, SecurityGroupID: "sg-bp1abc"},
		Log:         &providers.Log{Project: "chat-logs", Logstore: "fc_logs", RequestMetrics: true},
		Lifecycle:   &providers.Lifecycle{InitializerTimeout: 600, PreStopTimeout: 90},
		Provisioned: &two}
	got := Function{Role: f.Role, InternetAccess: f.InternetAccess, Layers: f.Layers, VPC: f.VPC, Log: f.Log, Lifecycle: f.Lifecycle, Provisioned: f.Provisioned}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v\nwant    %+v", got, want)
	}

	st, diags, _ = loadMain(t, fn(""), Options{})
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", listDiags(diags))
	}
	if f := st.Functions[0]; f.Role != "" || f.InternetAccess != nil || f.Layers != nil || f.VPC != nil || f.Log != nil || f.Lifecycle != nil || f.Provisioned != nil {
		t.Errorf("a function without the settings has some: %+v", f)
	}
}
