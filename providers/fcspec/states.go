package fcspec

// State is a function's state in GetFunction's answer.
type State string

// A custom-container function is Pending until its image is ready and cannot
// serve until Active; Failed carries stateReason and stateReasonCode
// (FC-REFERENCE.md section 4; FC 3.0 API reference, Function).
const (
	StatePending  State = "Pending"
	StateActive   State = "Active"
	StateInactive State = "Inactive"
	StateFailed   State = "Failed"
)

// UpdateStatus is a function's lastUpdateStatus: InProgress while an update
// is applied (requests still reach the previous configuration), then
// Successful or Failed with lastUpdateStatusReason and ...ReasonCode.
type UpdateStatus string

const (
	UpdateInProgress UpdateStatus = "InProgress"
	UpdateSuccessful UpdateStatus = "Successful"
	UpdateFailed     UpdateStatus = "Failed"
)

// Settled reports whether a function in state s whose last update is u
// can be deployed on (its triggers changed, its URL tested): neither
// Pending nor InProgress, as Serverless Devs' fc3 waits for. A settled
// function may still be Failed; Failed says so.
func Settled(s State, u UpdateStatus) bool {
	return s != StatePending && u != UpdateInProgress
}

// Failed reports whether the function cannot serve: its state or its last
// update failed.
func Failed(s State, u UpdateStatus) bool {
	return s == StateFailed || u == UpdateFailed
}

// Reason codes (stateReasonCode, lastUpdateStatusReasonCode) the local
// gateway sets while a function is Pending or InProgress. FC's values are
// not documented (unconfirmed); a failure's reason code is the Code of the
// failure (CAFileNotFound, ...).
const (
	ReasonCreating = "Creating"
	ReasonUpdating = "Updating"
)

// TriggerTypeHTTP is the triggerType of HTTP triggers, the only ones
// wsdeploy deploys and the local gateway serves.
const TriggerTypeHTTP = "http"

// TriggerTypes are FC 3.0's trigger types (FC 3.0 API reference,
// CreateTrigger).
var TriggerTypes = []string{TriggerTypeHTTP, "timer", "oss", "log", "mns_topic", "cdn_events", "tablestore", "eventbridge"}

// Auth types of HTTP triggers (AuthTypes lists them for validation).
const (
	AuthAnonymous = "anonymous"
	AuthFunction  = "function"
	AuthJWT       = "jwt"
)

// QualifierLatest is the qualifier of a function's unpublished version,
// the one wsdeploy deploys and its triggers serve.
const QualifierLatest = "LATEST"

// The resourceType of a function in FC 3.0's tag API (TagResources,
// UntagResources, ListTagResources), whose resources are ARNs: FC 3.0's
// API reference spells it both ways; which one FC prefers is unconfirmed
// against a live account.
const (
	TagResourceFunction    = "function"
	TagResourceFunctionROS = "ALIYUN::FC::FUNCTION"
)
