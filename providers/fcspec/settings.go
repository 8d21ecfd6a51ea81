package fcspec

import (
	"fmt"
	"regexp"
)

// The settings a production service adds to a function (FC-REFERENCE.md
// section 4): role, vpcConfig, logConfig, internetAccess, layers,
// instanceLifecycleConfig and provisioned instances.

const (
	// DefaultInternetAccess is FC's internetAccess when none is given.
	DefaultInternetAccess = true

	// MaxLayers is how many layers a function may use (FC's user guide:
	// "up to five layers"; unconfirmed for FC 3.0).
	MaxLayers = 5

	// Lifecycle hook timeouts in seconds (PreStopTimeoutMax is in
	// hooks.go). The initializer's range is FC 2.0's initializationTimeout
	// (1 to 600; unconfirmed for FC 3.0's instanceLifecycleConfig).
	HookTimeoutMin        = 1
	InitializerTimeoutMax = 600
	// EmptiedHookTimeout is the timeout fc3 sends with the emptied hook
	// (handler "", command []) that removes one.
	EmptiedHookTimeout = 3

	// CustomHookHandler is the handler sent with a custom runtime's hook:
	// FC calls the server's /initialize or /pre-stop and ignores it, but
	// wants one; fc3's own tests send "true" (unconfirmed that any
	// non-empty value works).
	CustomHookHandler = "true"
)

// LogBeginRuleNone is the logBeginRule fc3 sends with an emptied logConfig.
const LogBeginRuleNone = "None"

var (
	// acs:ram::<account id>:role/<role name>; RAM role names are 1 to 64
	// letters, digits, '.' or '-'.
	roleARNRE = lazyRE(`^acs:ram::[0-9]+:role/[A-Za-z0-9.-]{1,64}$`)
	// acs:fc:<region>:<account id or "official">:layers/<name>/versions/<n>.
	layerARNRE = lazyRE(`^acs:fc:[a-z0-9-]+:([0-9]+|official):layers/[A-Za-z0-9_-]{1,128}/versions/[1-9][0-9]*$`)
	vpcIDRE    = lazyRE(`^vpc-[a-z0-9]+$`)
	vswitchRE  = lazyRE(`^vsw-[a-z0-9]+$`)
	sgIDRE     = lazyRE(`^sg-[a-z0-9]+$`)
	// SLS names: 3 to 63 lower-case letters, digits and '-' (a logstore
	// may also use '_'), starting and ending with a letter or digit.
	slsProjectRE  = lazyRE(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	slsLogstoreRE = lazyRE(`^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$`)
)

// CheckRoleARN validates a RAM role ARN, the shape FC's role takes.
func CheckRoleARN(s string) error {
	if !roleARNRE().MatchString(s) {
		return fmt.Errorf("is %q; a role is a RAM role ARN: acs:ram::<account id>:role/<role name>, such as acs:ram::1234567890:role/aliyunfcdefaultrole", s)
	}
	return nil
}

// CheckLayerARN validates one layer ARN.
func CheckLayerARN(s string) error {
	if !layerARNRE().MatchString(s) {
		return fmt.Errorf("is %q; a layer is named by its version's ARN: acs:fc:<region>:<account id>:layers/<name>/versions/<version>", s)
	}
	return nil
}

// CheckLayers validates a function's layer list: each ARN, no repeats, at
// most MaxLayers.
func CheckLayers(layers []string) error {
	if len(layers) > MaxLayers {
		return fmt.Errorf("lists %d layers; Function Compute accepts at most %d", len(layers), MaxLayers)
	}
	seen := map[string]bool{}
	for i, l := range layers {
		if err := CheckLayerARN(l); err != nil {
			return fmt.Errorf("[%d] %w", i, err)
		}
		if seen[l] {
			return fmt.Errorf("[%d] is %q, listed twice", i, l)
		}
		seen[l] = true
	}
	return nil
}

// CheckVPCID, CheckVSwitchID and CheckSecurityGroupID validate the ids of
// vpcConfig by their prefixes (vpc-, vsw-, sg-).
func CheckVPCID(s string) error { return checkID(s, vpcIDRE(), "vpc-") }

func CheckVSwitchID(s string) error { return checkID(s, vswitchRE(), "vsw-") }

func CheckSecurityGroupID(s string) error { return checkID(s, sgIDRE(), "sg-") }

func checkID(s string, re *regexp.Regexp, prefix string) error {
	if !re.MatchString(s) {
		return fmt.Errorf("is %q; it must be an id starting with %q, such as %sbp1abc", s, prefix, prefix)
	}
	return nil
}

// CheckLogProject and CheckLogstore validate logConfig's SLS names.
func CheckLogProject(s string) error {
	if !slsProjectRE().MatchString(s) {
		return fmt.Errorf("is %q; an SLS project name is 3 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit", s)
	}
	return nil
}

func CheckLogstore(s string) error {
	if !slsLogstoreRE().MatchString(s) {
		return fmt.Errorf("is %q; an SLS logstore name is 3 to 63 lower-case letters, digits, '-' or '_', starting and ending with a letter or digit", s)
	}
	return nil
}

// CheckInitializerTimeout and CheckPreStopTimeout validate a lifecycle
// hook's timeout in seconds.
func CheckInitializerTimeout(v int) error {
	return checkRange("the initializer timeout in seconds", v, HookTimeoutMin, InitializerTimeoutMax)
}

func CheckPreStopTimeout(v int) error {
	return checkRange("the pre-stop timeout in seconds", v, HookTimeoutMin, PreStopTimeoutMax)
}

// CheckProvisionTarget validates a declared provisioned instance count
// (provision.go has FC's bounds); 0 is FC's "none", which a configuration
// says by leaving the block out.
func CheckProvisionTarget(v int) error {
	return checkRange("the number of provisioned instances", v, max(1, ProvisionConfigTargetMin), ProvisionConfigTargetMax)
}
