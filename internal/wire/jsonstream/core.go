package jsonstream

// Version is the first event of every run.
type Version struct {
	Wsdeploy string `json:"wsdeploy"`
	Go       string `json:"go"`
	Platform string `json:"platform"` // GOOS/GOARCH
}

func (Version) Type() Type { return TypeVersion }

// Note is a log event without a function: something a command did on
// its own, such as starting the local gateway; @message says it.
type Note struct{}

func (Note) Type() Type { return TypeLog }

// FunctionLog is a log event: a line a function's instance wrote.
type FunctionLog struct {
	Function string   `json:"function"`
	Entry    LogEntry `json:"entry"`
}

func (FunctionLog) Type() Type { return TypeLog }

// DiagnosticMessage carries one diagnostic.
type DiagnosticMessage struct {
	Diagnostic *Diagnostic `json:"diagnostic"`
}

func (DiagnosticMessage) Type() Type { return TypeDiagnostic }

// Diagnostic is in the shape of Terraform's -json diagnostics, so that
// existing tooling reads it.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Summary  string   `json:"summary"`
	Detail   string   `json:"detail"`
	Range    *Range   `json:"range,omitempty"`
	Snippet  *Snippet `json:"snippet,omitempty"`
}

// Range is a diagnostic's subject in its file.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Pos is a position in a file.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// Snippet is the source around a diagnostic's subject.
type Snippet struct {
	// Context names the enclosing block, e.g. `function "chat"`; null when
	// there is none.
	Context   *string `json:"context"`
	Code      string  `json:"code"`
	StartLine int     `json:"start_line"`
	// The subject's byte offsets within Code.
	HighlightStartOffset int `json:"highlight_start_offset"`
	HighlightEndOffset   int `json:"highlight_end_offset"`
}
