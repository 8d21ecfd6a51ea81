package plan

import (
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

// The production settings show in plans under their HCL names: adding
// them is a create of each field, removing them a delete, and
// internet_access only shows when it is not FC's default.
func TestSettingsAttrs(t *testing.T) {
	with := fn()
	with.Role = "acs:ram::1:role/r"
	with.VPC = &providers.VPC{VPCID: "vpc-1", VSwitchIDs: []string{"vsw-1", "vsw-2"}, SecurityGroupID: "sg-1"}
	with.Log = &providers.Log{Project: "p-1", Logstore: "s-1", InstanceMetrics: true}
	no := false
	with.InternetAccess = &no
	with.Layers = []string{"acs:fc:r:1:layers/b/versions/1", "acs:fc:r:1:layers/a/versions/1"}
	with.Lifecycle = &providers.Lifecycle{PreStopTimeout: 30}
	two := 2
	with.Provisioned = &two
	with = providers.Normalize(with)

	m := masker{declaredEnv: with.Environment}
	var got []string
	for _, a := range diffAttrs(functionAttrs(fn()), functionAttrs(with), m) {
		got = append(got, string(a.Action)+" "+a.Path+" "+string(a.After))
	}
	want := []string{
		`create role "acs:ram::1:role/r"`,
		`create vpc.security_group_id "sg-1"`,
		`create vpc.vpc_id "vpc-1"`,
		`create vpc.vswitch_ids ["vsw-1","vsw-2"]`,
		`create log.instance_metrics true`,
		`create log.logstore "s-1"`,
		`create log.project "p-1"`,
		`create internet_access false`,
		`create layers ["acs:fc:r:1:layers/b/versions/1","acs:fc:r:1:layers/a/versions/1"]`,
		`create lifecycle.pre_stop_timeout 30`,
		`create provisioned.target 2`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("diff:\n%q\nwant\n%q", got, want)
	}
	removed := diffAttrs(functionAttrs(with), functionAttrs(fn()), m)
	if len(removed) != len(want) {
		t.Errorf("removing the settings shows %d changes, want %d: %+v", len(removed), len(want), removed)
	}
	for _, a := range removed {
		if a.Action != Delete {
			t.Errorf("%s: %s, want delete", a.Path, a.Action)
		}
	}
}
