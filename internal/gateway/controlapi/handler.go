package controlapi

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Handler serves the control API. Create it with New.
type Handler struct {
	cfg   Config
	mux   *http.ServeMux
	locks keyedMutex // one per function name: orders writes and their events
	// settling holds when each Pending or InProgress function settles.
	settling settling
	// codeKey signs GetFunctionCode's download URLs; it lives as long as
	// the process, like a presigned URL's short validity.
	codeKey []byte
}

// New checks cfg and returns a handler.
func New(cfg Config) (*Handler, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux(), codeKey: make([]byte, 32)}
	rand.Read(h.codeKey)
	h.routes()
	return h, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// call is one control API request, read and authenticated.
type call struct {
	r *http.Request
	// body is the JSON body; for a code operation, with code.zipFile
	// replaced by zipFilePlaceholder when upload holds it.
	body   []byte
	upload *codezip.Upload // code.zipFile, spooled to disk; nil if none
	now    time.Time
	reqID  string
}

// op is one control API operation. It returns the response body (nil for
// 204 No Content) or an error that toAPIError translates, naming the path's
// {fn} and {tn} in FC's messages.
type op func(c *call) (any, error)

// maxBody bounds a request that may carry code: the largest base64 zip
// plus room for the rest of the JSON. Other requests get the room alone.
func (h *Handler) maxBody(code bool) int64 {
	if !code {
		return maxRestBytes
	}
	return int64(base64.StdEncoding.EncodedLen(int(h.cfg.Code.Limits.MaxArchiveBytes))) + maxRestBytes
}

// serve wraps an operation with what every call shares: the request id,
// the bounded body (code streamed to disk when code is set),
// authentication, and FC's error body.
func (h *Handler) serve(o op, code bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &call{r: r, now: h.cfg.Now().UTC(), reqID: newRequestID()}
		w.Header().Set("x-acs-request-id", c.reqID)
		defer func() { c.upload.Close() }()
		if h.cfg.AuthenticateHeaders != nil {
			if err := h.cfg.AuthenticateHeaders(r); err != nil {
				h.refuse(w, c, err)
				return
			}
		}
		err := h.readBody(w, c, code)
		var (
			readErr *bodyReadError
			tooBig  *http.MaxBytesError
		)
		switch {
		case errors.As(err, &tooBig):
			h.fail(w, c, fcError(fcspec.CodeEntityTooLarge, "payload size exceeds maximum allowed size (%d bytes)", tooBig.Limit))
			return
		case errors.As(err, &readErr):
			h.fail(w, c, invalidArg("body", "cannot be read: %v", readErr.err))
			return
		case errors.As(err, new(authError)):
			h.refuse(w, c, errors.Unwrap(err))
			return
		case err != nil:
			h.fail(w, c, h.apiError(err, "", ""))
			return
		}
		resp, err := o(c)
		if err != nil {
			h.fail(w, c, h.apiError(err, r.PathValue("fn"), r.PathValue("tn")))
			return
		}
		if resp == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// readBody reads and authenticates c's body. A body that may carry code
// is split as it streams (splitCode): code.zipFile goes to a spool file,
// the rest into c.body. Read errors (a body too large or cut short) come
// first, then authentication (an authError), then what the body says
// (JSON syntax, code refused, storage failing): nothing is kept unless
// the whole body has been read and authenticated.
func (h *Handler) readBody(w http.ResponseWriter, c *call, code bool) error {
	sum := sha256.New()
	var body io.Reader = &bodyReader{r: io.TeeReader(http.MaxBytesReader(w, c.r.Body, h.maxBody(code)), sum)}
	if h.cfg.AuthenticateDigest == nil && h.cfg.Authenticate != nil {
		raw, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		if err := h.cfg.Authenticate(c.r, raw); err != nil {
			return authError{err}
		}
		body = bytes.NewReader(raw)
	}
	var err error
	if code {
		c.body, err = splitCode(body, func(zipFile io.Reader) (err error) {
			c.upload.Close() // a repeated key: the last one counts, as in encoding/json
			c.upload, err = h.cfg.Code.Receive(zipFile)
			return err
		})
	} else {
		c.body, err = io.ReadAll(body)
	}
	if errors.As(err, new(*bodyReadError)) {
		return err
	}
	if h.cfg.AuthenticateDigest != nil {
		if aerr := h.cfg.AuthenticateDigest(c.r, hex.EncodeToString(sum.Sum(nil))); aerr != nil {
			return authError{aerr}
		}
	}
	var syntax *bodySyntaxError
	switch {
	case errors.As(err, &syntax):
		return invalidArg("body", "is not valid JSON (at offset %d: %s)", syntax.offset, syntax.msg)
	case errors.Is(err, errRestTooBig):
		return fcError(fcspec.CodeEntityTooLarge, "payload size exceeds maximum allowed size (%d bytes besides code.zipFile)", maxRestBytes)
	}
	return err
}

// bodyReader marks the errors of reading the request body, so that they
// are told apart from the same errors of writing code to disk.
type bodyReader struct{ r io.Reader }

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		err = &bodyReadError{err}
	}
	return n, err
}

type bodyReadError struct{ err error }

func (e *bodyReadError) Error() string { return e.err.Error() }
func (e *bodyReadError) Unwrap() error { return e.err }

// authError is a refused authentication, answered by refuse.
type authError struct{ err error }

func (e authError) Error() string { return e.err.Error() }
func (e authError) Unwrap() error { return e.err }

// refuse answers a failed authentication and logs it: the code and message
// only (fcauth messages never hold a secret).
func (h *Handler) refuse(w http.ResponseWriter, c *call, err error) {
	e := h.apiError(err, "", "")
	if e.Code == string(fcspec.CodeInternalServerError) {
		e = fcError(fcspec.CodeAccessDenied, "%v", err)
	}
	h.cfg.Log.Warn("control API request refused", "method", c.r.Method, "path", c.r.URL.Path,
		"remote", c.r.RemoteAddr, "code", e.Code, "message", e.Message, "request_id", c.reqID)
	h.fail(w, c, e)
}

func (h *Handler) fail(w http.ResponseWriter, c *call, e *apiError) {
	if e.Status >= 500 {
		h.cfg.Log.Error("control API error", "method", c.r.Method, "path", c.r.URL.Path, "error", e.Message, "request_id", c.reqID)
	}
	writeJSON(w, e.Status, struct {
		Code      string `json:"Code"`
		Message   string `json:"Message"`
		RequestID string `json:"RequestId"`
	}{e.Code, e.Message, c.reqID})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"Code":"InternalServerError","Message":"cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
