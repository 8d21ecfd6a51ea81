package jsonstream

// Type is an event's type field: the name of its message type.
type Type string

// Every message type of the stream.
const (
	TypeVersion         Type = "version"
	TypeDiagnostic      Type = "diagnostic"
	TypeLog             Type = "log"
	TypeBuildStart      Type = "build_start"
	TypeBuildComplete   Type = "build_complete"
	TypeRefreshStart    Type = "refresh_start"
	TypeRefreshComplete Type = "refresh_complete"
	TypePlannedChange   Type = "planned_change"
	TypeChangeSummary   Type = "change_summary"
	TypeApplyStart      Type = "apply_start"
	TypeApplyProgress   Type = "apply_progress"
	TypeApplyComplete   Type = "apply_complete"
	TypeApplyErrored    Type = "apply_errored"
	TypeApplySkipped    Type = "apply_skipped"
	TypeOutputs         Type = "outputs"
	TypeOutput          Type = "output"
	TypeSmokeStart      Type = "smoke_start"
	TypeSmokeResult     Type = "smoke_result"
	TypeSmokeSummary    Type = "smoke_summary"
	TypeConverted       Type = "converted"
	TypeDevWatching     Type = "dev_watching"
	TypeDevChange       Type = "dev_change"
	TypeDevStopped      Type = "dev_stopped"
	TypeFmtFile         Type = "fmt_file"
	TypeGatewayReady    Type = "gateway_ready"
	TypeGatewayStatus   Type = "gateway_status"
	TypeGatewayStopped  Type = "gateway_stopped"
	TypeBilling         Type = "billing"
	TypeImportComplete  Type = "import_complete"
	TypePlugin          Type = "plugin"
	TypePluginsSummary  Type = "plugins_summary"
	TypeSessions        Type = "sessions"
	TypeSessionDeleted  Type = "session_deleted"
	TypeStatus          Type = "status"
	TypeValidateResult  Type = "validate_result"
)

// Operation is what a change_summary sums up.
type Operation string

const (
	OperationPlan    Operation = "plan"
	OperationApply   Operation = "apply"
	OperationDestroy Operation = "destroy"
)

// Outcome is how a smoke test of one function ended.
type Outcome string

const (
	OutcomeOK          Outcome = "ok"
	OutcomeFailed      Outcome = "failed"
	OutcomeUnreachable Outcome = "unreachable"
)

// Outcomes are every outcome of this format version.
var Outcomes = []Outcome{OutcomeOK, OutcomeFailed, OutcomeUnreachable}

// TriggerChange is what the apply before a smoke test did to its trigger.
type TriggerChange string

const (
	TriggerUnchanged TriggerChange = "" // left out of the event
	TriggerCreated   TriggerChange = "created"
	TriggerUpdated   TriggerChange = "updated"
)

// Severity is a diagnostic's.
type Severity string

const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)
