package views

import (
	"github.com/wsdeploy/wsdeploy/internal/engine/apply"
	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// The stream's names of the engine's enumerations, written out rather than
// converted with a string(): renaming an engine constant must not rename
// an event type or a value in the stream. names_json_test.go checks that
// every engine constant has its entry. Kinds and actions are the plan
// file's names (plan.WireKind, plan.WireAction).
var (
	planProgressTypes = map[plan.ProgressKind]jsonstream.Type{
		plan.BuildStart: jsonstream.TypeBuildStart, plan.BuildDone: jsonstream.TypeBuildComplete,
		plan.RefreshStart: jsonstream.TypeRefreshStart, plan.RefreshDone: jsonstream.TypeRefreshComplete,
	}
	applyEventTypes = map[apply.EventType]jsonstream.Type{
		apply.Started: jsonstream.TypeApplyStart, apply.Progressing: jsonstream.TypeApplyProgress,
		apply.Complete: jsonstream.TypeApplyComplete, apply.Errored: jsonstream.TypeApplyErrored,
		apply.Skipped: jsonstream.TypeApplySkipped,
	}
	smokeOutcomes = map[smoke.Outcome]jsonstream.Outcome{
		smoke.OK: jsonstream.OutcomeOK, smoke.Failed: jsonstream.OutcomeFailed, smoke.Unreachable: jsonstream.OutcomeUnreachable,
	}
	triggerChanges = map[smoke.ChangeKind]jsonstream.TriggerChange{
		smoke.Unchanged: jsonstream.TriggerUnchanged, smoke.Created: jsonstream.TriggerCreated, smoke.Updated: jsonstream.TriggerUpdated,
	}
)
