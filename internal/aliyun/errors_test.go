package aliyun

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers"
)

func TestErrorFormatNamesCodeStatusAndRequestID(t *testing.T) {
	p := newGateway(t).provider(t)
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "a"), codeOf(t, "v1")); err != nil {
		t.Fatal(err)
	}
	_, err := p.CreateFunction(ctx, wsFunction("chat", "b"), codeOf(t, "v1"))
	re := regexp.MustCompile(`^FC CreateFunction: FunctionAlreadyExists \(409\): function 'chat' already exists ` +
		`\(request id [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\); it belongs to stack "a", not "b": rename one of them$`)
	if err == nil || !re.MatchString(err.Error()) {
		t.Errorf("error text:\n%v", err)
	}
	var api *APIError
	if !errors.As(err, &api) || api.Op != "CreateFunction" || api.Code != "FunctionAlreadyExists" || api.StatusCode != 409 || api.RequestID == "" {
		t.Errorf("APIError = %#v", api)
	}

	// Same stack, different configuration: still refused, with the fields.
	f := wsFunction("chat", "a")
	f.Timeout = 5
	_, err = p.CreateFunction(ctx, f, codeOf(t, "v2"))
	if err == nil || !strings.Contains(err.Error(), "differs in [Timeout code]") {
		t.Errorf("same stack, other config: %v", err)
	}
	// Same stack, same everything: the create is a no-op success.
	if _, err := p.CreateFunction(ctx, wsFunction("chat", "a"), codeOf(t, "v1")); err != nil {
		t.Errorf("identical re-create: %v", err)
	}

	_, err = p.GetFunction(ctx, "nope")
	if !regexp.MustCompile(`^FC GetFunction: FunctionNotFound \(404\): function 'nope' does not exist \(request id [0-9a-f-]{36}\)$`).MatchString(fmt.Sprint(err)) {
		t.Errorf("not found: %v", err)
	}
}

func TestErrorFromAProxyPage(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		w.Header().Set("x-acs-request-id", "edge-1")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte("<html>502 Bad Gateway</html>"))
		return true
	})
	_, err := p.GetFunction(ctx, "chat")
	want := "FC GetFunction: BadGateway (502): the response is not FC's JSON error: <html>502 Bad Gateway</html> (request id edge-1) (gave up after 6 attempts in "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error text:\n%v\nwant prefix\n%s", err, want)
	}
}

func TestErrorsNeverShowSecrets(t *testing.T) {
	g := newGateway(t)
	p := g.provider(t)
	// An answer that echoes the secret (no FC does; the guard must hold
	// whatever the remote side says).
	g.setFault(func(w http.ResponseWriter, r *http.Request, _ int) bool {
		fcError(w, http.StatusForbidden, "AccessDenied", "key "+testAK+" with secret "+testSecret+" refused")
		return true
	})
	_, err := p.GetFunction(ctx, "chat")
	if err == nil || strings.Contains(err.Error(), testSecret) || !strings.Contains(err.Error(), "with secret **** refused") {
		t.Errorf("error text %q", err)
	}

	s := g.settings()
	s.SecurityToken = "sts-token-abcdef"
	for _, text := range []string{fmt.Sprint(s), fmt.Sprintf("%+v", s), fmt.Sprintf("%#v", s), fmt.Sprintf("%d", s), fmt.Sprintf("%x", s)} {
		if strings.Contains(text, testSecret) || strings.Contains(text, "sts-token-abcdef") || !strings.Contains(text, testAK) {
			t.Errorf("Settings printed as %s", text)
		}
	}
}

func TestAPIErrorIsNotFoundOnlyForNotFoundCodes(t *testing.T) {
	for code, want := range map[string]bool{"FunctionNotFound": true, "TriggerNotFound": true, "FunctionNotEmpty": false, "PathNotSupported": false} {
		if got := errors.Is(&APIError{Code: code, StatusCode: 404}, providers.ErrNotFound); got != want {
			t.Errorf("%s: Is(ErrNotFound) = %v", code, got)
		}
	}
}
