package jsonstream

// SmokeStart announces a function's smoke test.
type SmokeStart struct {
	Smoke SmokeTarget `json:"smoke"`
}

func (SmokeStart) Type() Type { return TypeSmokeStart }

// SmokeTarget is what a smoke test dials.
type SmokeTarget struct {
	Function       string        `json:"function"`
	FCName         string        `json:"fc_name"`
	Trigger        string        `json:"trigger,omitempty"`
	Domain         string        `json:"domain,omitempty"` // the custom domain checked instead of a trigger
	URL            string        `json:"url"`
	AuthType       string        `json:"auth_type"`
	Change         TriggerChange `json:"change,omitempty"`
	TimeoutSeconds float64       `json:"timeout_seconds"`
}

// SmokeResultMessage is how a function's smoke test ended.
type SmokeResultMessage struct {
	Smoke SmokeResult `json:"smoke"`
}

func (SmokeResultMessage) Type() Type { return TypeSmokeResult }

// SmokeResult is one function's outcome and timings.
type SmokeResult struct {
	Function         string       `json:"function"`
	FCName           string       `json:"fc_name"`
	Trigger          string       `json:"trigger,omitempty"`
	Domain           string       `json:"domain,omitempty"`
	URL              string       `json:"url"`
	Outcome          Outcome      `json:"outcome"`
	Reason           string       `json:"reason,omitempty"`
	Hint             string       `json:"hint,omitempty"`
	Answer           *SmokeAnswer `json:"answer,omitempty"`
	Received         string       `json:"received,omitempty"` // the reply that did not match
	Attempts         int          `json:"attempts"`
	WaitedSeconds    float64      `json:"waited_seconds"`
	HandshakeSeconds float64      `json:"handshake_seconds"`
	PingRTTSeconds   float64      `json:"ping_rtt_seconds"`
	ReplyRTTSeconds  float64      `json:"reply_rtt_seconds"`
}

// SmokeAnswer is the last refusal of the handshake.
type SmokeAnswer struct {
	Status    int    `json:"status"`
	ErrorType string `json:"error_type,omitempty"` // X-Fc-Error-Type
	ErrorCode string `json:"error_code,omitempty"`
	Message   string `json:"message,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// SmokeSummary ends the smoke test.
type SmokeSummary struct {
	Summary SmokeCounts `json:"smoke_summary"`
}

func (SmokeSummary) Type() Type { return TypeSmokeSummary }

// SmokeCounts counts outcomes; ExitCode is the run's (0, 3 or 4).
type SmokeCounts struct {
	ExitCode    int `json:"exit_code"`
	Failed      int `json:"failed"`
	OK          int `json:"ok"`
	Unreachable int `json:"unreachable"`
}
