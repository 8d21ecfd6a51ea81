package config

import (
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// productionSettings checks role, vpc, log, layers, lifecycle,
// provisioned and session_affinity against FC's limits, each at the attribute that is wrong.
func (c fnCheck) productionSettings() {
	f := c.f
	if c.has("role") {
		if err := fcspec.CheckRoleARN(f.Role); err != nil {
			c.fail("role", "Invalid role", err)
		}
	}
	if v := f.VPC; v != nil {
		c.check("vpc.vpc_id", "Invalid vpc_id", fcspec.CheckVPCID(v.VPCID))
		c.check("vpc.security_group_id", "Invalid security_group_id", fcspec.CheckSecurityGroupID(v.SecurityGroupID))
		if len(v.VSwitchIDs) == 0 {
			c.errorf("vpc.vswitch_ids", "Invalid vswitch_ids", "vpc.vswitch_ids is empty; list at least one vSwitch of the VPC, such as [\"vsw-bp1abc\"].")
		}
		for i, id := range v.VSwitchIDs {
			c.check(c.element("vpc.vswitch_ids", indexKey("vpc.vswitch_ids", i)), "Invalid vswitch_ids", fcspec.CheckVSwitchID(id))
		}
	}
	if g := f.Log; g != nil {
		c.check("log.project", "Invalid log project", fcspec.CheckLogProject(g.Project))
		c.check("log.logstore", "Invalid logstore", fcspec.CheckLogstore(g.Logstore))
	}
	c.layers()
	if h := f.Lifecycle; h != nil {
		if !c.has("lifecycle.initializer_timeout") && !c.has("lifecycle.pre_stop_timeout") {
			c.errorf("lifecycle", "Empty lifecycle block",
				"the lifecycle block configures no hook. Set initializer_timeout (FC sends POST /initialize to a new instance) or pre_stop_timeout (GET /pre-stop before an instance stops), or remove the block.")
		}
		if c.has("lifecycle.initializer_timeout") {
			c.check("lifecycle.initializer_timeout", "Invalid initializer_timeout", fcspec.CheckInitializerTimeout(h.InitializerTimeout))
		}
		if c.has("lifecycle.pre_stop_timeout") {
			c.check("lifecycle.pre_stop_timeout", "Invalid pre_stop_timeout", fcspec.CheckPreStopTimeout(h.PreStopTimeout))
		}
	}
	if f.Provisioned != nil {
		c.check("provisioned.target", "Invalid provisioned target", fcspec.CheckProvisionTarget(*f.Provisioned))
	}
	c.sessionAffinity()
}

// layers checks each ARN where it is written, then the list.
func (c fnCheck) layers() {
	l := c.f.Layers
	if len(l) == 0 {
		return
	}
	if c.f.Runtime == fcspec.CustomContainer {
		c.errorf("layers", "Not used by a custom container",
			"layers do not apply to runtime %q: put what the layer holds in the image. Remove layers.", fcspec.CustomContainer)
		return
	}
	for i, arn := range l {
		if err := fcspec.CheckLayerARN(arn); err != nil {
			c.fail(c.element("layers", indexKey("layers", i)), "Invalid layer", err)
			return
		}
	}
	c.check("layers", "Invalid layers", fcspec.CheckLayers(l))
}
