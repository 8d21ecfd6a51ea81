package smoke

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// dial makes one handshake attempt. A refusal comes back as a diagnosis.
func dial(ctx context.Context, client *http.Client, t *Target) (*websocket.Conn, *diagnosis) {
	conn, resp, err := websocket.Dial(ctx, t.URL, &websocket.DialOptions{HTTPClient: client})
	switch {
	case err == nil:
		return conn, nil
	case resp != nil && resp.StatusCode == http.StatusSwitchingProtocols:
		return nil, &diagnosis{action: stop, outcome: Failed,
			what: "the server switched protocols but broke the WebSocket handshake: " + err.Error(),
			hint: "answer the upgrade with a WebSocket library rather than by hand"}
	case resp != nil:
		d := classifyAnswer(readAnswer(resp), t)
		return nil, &d
	}
	d := classifyError(err, t)
	return nil, &d
}

// readAnswer takes FC's refusal apart: status, X-Fc-Error-Type, and the
// JSON body {ErrorCode, ErrorMessage}. Any other body is quoted, shortened
// (coder/websocket keeps its first 1 KB).
func readAnswer(resp *http.Response) *Answer {
	a := &Answer{
		Status:    resp.StatusCode,
		ErrorType: resp.Header.Get(fcspec.HeaderErrorType),
		RequestID: resp.Header.Get("X-Fc-Request-Id"),
	}
	var body []byte
	if resp.Body != nil {
		body, _ = io.ReadAll(resp.Body)
	}
	var fc struct{ ErrorCode, ErrorMessage, Code, Message string }
	if json.Unmarshal(body, &fc) == nil && (fc.ErrorCode != "" || fc.Code != "") {
		a.Code, a.Message = firstOf(fc.ErrorCode, fc.Code), firstOf(fc.ErrorMessage, fc.Message)
		return a
	}
	a.Message = truncate(strings.TrimSpace(string(body)), 200)
	return a
}

// firstOf is the first non-empty string (FC's data plane says ErrorCode,
// its control plane Code).
func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
