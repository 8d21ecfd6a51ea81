package controlapi

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// Handler serves the control API. Create it with New.
type Handler struct {
	cfg   Config
	mux   *http.ServeMux
	locks keyedMutex // one per function name: orders writes and their events
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
	r     *http.Request
	body  []byte
	now   time.Time
	reqID string
}

// op is one control API operation. It returns the response body (nil for
// 204 No Content) or an error that toAPIError translates, naming the path's
// {fn} and {tn} in FC's messages.
type op func(c *call) (any, error)

// maxBody bounds a request: the largest base64 zip plus room for the rest of
// the JSON.
func (h *Handler) maxBody() int64 {
	return int64(base64.StdEncoding.EncodedLen(int(h.cfg.Code.Limits.MaxArchiveBytes))) + 1<<20
}

// serve wraps an operation with what every call shares: the request id,
// the bounded body, authentication, and FC's error body.
func (h *Handler) serve(o op) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &call{r: r, now: h.cfg.Now().UTC(), reqID: newRequestID()}
		w.Header().Set("x-acs-request-id", c.reqID)
		if h.cfg.AuthenticateHeaders != nil {
			if err := h.cfg.AuthenticateHeaders(r); err != nil {
				h.refuse(w, c, err)
				return
			}
		}
		var err error
		c.body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody()))
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			h.fail(w, c, fcError(codeEntityTooLarge, "payload size exceeds maximum allowed size (%d bytes)", tooBig.Limit))
			return
		case err != nil:
			h.fail(w, c, invalidArg("body", "cannot be read: %v", err))
			return
		}
		if h.cfg.Authenticate != nil {
			if err := h.cfg.Authenticate(r, c.body); err != nil {
				h.refuse(w, c, err)
				return
			}
		}
		resp, err := o(c)
		if err != nil {
			h.fail(w, c, toAPIError(err, r.PathValue("fn"), r.PathValue("tn")))
			return
		}
		if resp == nil {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, http.StatusOK, resp)
	}
}

// refuse answers a failed authentication and logs it: the code and message
// only (fcauth messages never hold a secret).
func (h *Handler) refuse(w http.ResponseWriter, c *call, err error) {
	e := toAPIError(err, "", "")
	if e.Code == codeInternal {
		e = fcError(codeAccessDenied, "%v", err)
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
