package fcspec

// Provisioned instances (PutProvisionConfig, FC 3.0). FC keeps target
// instances of the function's LATEST version or of an alias started, ready
// and billed whether or not they serve; they count against the account's
// instance quota with on-demand ones ("each Alibaba Cloud account can run
// up to 100 instances in a region, including both on-demand and
// provisioned instances").
const (
	// ProvisionConfigTargetMin and ProvisionConfigTargetMax bound the
	// target PutProvisionConfig accepts (0 keeps none). The upper
	// bound is unconfirmed: Terraform's alicloud_fcv3_provision_config
	// validates 0..10000, ROS's ALIYUN::FC3::ProvisionConfig documents
	// 0..299 for defaultTarget; FC itself may accept more and then report
	// the shortfall in currentError.
	ProvisionConfigTargetMin, ProvisionConfigTargetMax = 0, 10000
)

// ProvisionQualifiers are the qualifiers FC accepts for a provision
// config: LATEST or an alias ("You can only configure provisioned
// instances for a function of the LATEST version or with a specific
// alias"). Whether FC takes a missing qualifier as LATEST is unconfirmed;
// the SDK marks it optional.
var ProvisionQualifiers = []string{QualifierLatest}
