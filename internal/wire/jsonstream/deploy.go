package jsonstream

import (
	"encoding/json"

	"github.com/wsdeploy/wsdeploy/internal/wire/planfile"
)

// Resource names the resource an event is about. Plan progress names only
// its address.
type Resource struct {
	Addr     string        `json:"addr"`
	Domain   string        `json:"domain,omitempty"`
	Function string        `json:"function,omitempty"`
	Kind     planfile.Kind `json:"kind,omitempty"`
	Trigger  string        `json:"trigger,omitempty"`
}

// PlanProgress is a step of planning: build_start and build_complete of a
// function's code (Resource set), refresh_start and refresh_complete of
// reading the provider. ElapsedSeconds is set on completions.
type PlanProgress struct {
	Event          Type      `json:"-"`
	ElapsedSeconds *float64  `json:"elapsed_seconds,omitempty"`
	Resource       *Resource `json:"resource,omitempty"`
}

func (m PlanProgress) Type() Type { return m.Event }

// PlannedChange is one change of a plan, in the saved-plan file's shape:
// the two formats share it, so a change to planfile.Change is a change of
// both.
type PlannedChange struct {
	Change planfile.Change `json:"change"`
}

func (PlannedChange) Type() Type { return TypePlannedChange }

// ChangeSummary ends a plan, an apply or a destroy.
type ChangeSummary struct {
	Changes Changes `json:"changes"`
}

func (ChangeSummary) Type() Type { return TypeChangeSummary }

// Changes counts resources as Terraform does. Failed and NotAttempted are
// an apply's (and a destroy's), absent from a plan's.
type Changes struct {
	Add          int       `json:"add"`
	Change       int       `json:"change"`
	Failed       *int      `json:"failed,omitempty"`
	NotAttempted *int      `json:"not_attempted,omitempty"`
	Operation    Operation `json:"operation"`
	Remove       int       `json:"remove"`
}

// ApplyHook is one step of an apply: apply_start, apply_progress,
// apply_complete, apply_errored or apply_skipped.
type ApplyHook struct {
	Event Type `json:"-"`
	Hook  Hook `json:"hook"`
}

func (m ApplyHook) Type() Type { return m.Event }

// Hook is a step, as Terraform's machine-readable UI names it.
type Hook struct {
	Action planfile.Action `json:"action"`
	// Detail is what an apply_progress step waits for.
	Detail         *string  `json:"detail,omitempty"`
	ElapsedSeconds *float64 `json:"elapsed_seconds,omitempty"`
	Error          string   `json:"error,omitempty"`   // apply_errored
	Existed        bool     `json:"existed,omitempty"` // a create that found its resource there
	Reason         string   `json:"reason,omitempty"`  // apply_skipped
	Replace        bool     `json:"replace,omitempty"`
	Resource       Resource `json:"resource"`
}

// Outputs lists a stack's outputs by name.
type Outputs struct {
	Outputs map[string]Output `json:"outputs"`
}

func (Outputs) Type() Type { return TypeOutputs }

// OutputMessage is the one output `wsdeploy output NAME` was asked for.
type OutputMessage struct {
	Name   string `json:"name"`
	Output Output `json:"output"`
}

func (OutputMessage) Type() Type { return TypeOutput }

// Output is an output's type and, when known and shown, its value.
type Output struct {
	Sensitive bool            `json:"sensitive"`
	Type      json.RawMessage `json:"type,omitempty"` // cty's JSON type
	Unknown   bool            `json:"unknown,omitempty"`
	Value     json.RawMessage `json:"value,omitempty"`
}

// ImportComplete ends `wsdeploy import`.
type ImportComplete struct {
	Address        string `json:"address"`
	Function       string `json:"function"`
	Stack          string `json:"stack"`
	ChangesPending bool   `json:"changes_pending"`
}

func (ImportComplete) Type() Type { return TypeImportComplete }
