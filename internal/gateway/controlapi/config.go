package controlapi

import (
	"errors"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"log/slog"
	"net/http"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Config is what the server assembly gives the handler.
type Config struct {
	Store *store.Store   // required
	Code  codezip.Layout // required: where code is unpacked

	// Region and AccountID appear in ARNs (acs:fc:<region>:<account>:...).
	Region    string
	AccountID string

	// TriggerURLs returns the public and VPC URLs of an HTTP trigger from
	// its function and stable URL id (store.Trigger.URLID). The data plane
	// owns the URL scheme; nil leaves httpTrigger out of responses.
	TriggerURLs func(function, urlID string) (internet, intranet string)

	// AuthenticateDigest checks a request once its body has been read
	// (streamed: a code upload goes to disk as it arrives), given the
	// body's SHA-256 in hex; nothing is committed before it accepts. An
	// *fcauth.Error is answered with its code and status; any other error
	// with 403 AccessDenied.
	AuthenticateDigest func(r *http.Request, bodySHA256 string) error
	// Authenticate is AuthenticateDigest for a check that needs the body's
	// bytes: the handler then holds every body in memory, code uploads
	// included. Used only when AuthenticateDigest is nil. With neither, every
	// request is accepted (tests only).
	Authenticate func(r *http.Request, body []byte) error
	// AuthenticateHeaders, if set, checks a request before its body is
	// read (the signature, not the body's hash), so that a request without
	// the key is refused without buffering its body. Answered as
	// Authenticate's errors.
	AuthenticateHeaders func(r *http.Request) error

	// StateDelay is how long a custom-container function stays Pending
	// after CreateFunction, and any function's lastUpdateStatus InProgress
	// after UpdateFunction (the data plane keeps serving the previous
	// configuration meanwhile, see Event.EffectiveAt); 0 settles at once.
	StateDelay time.Duration
	// CheckStart, if set, says whether a function's code can start: FC's
	// code (CAFileNotFound, ...) and the reason when it cannot, "" when it
	// can. A function that cannot start is Failed after create, and its
	// update Failed when it settles.
	CheckStart func(f *fc.Function) (code fcspec.Code, reason string)

	// Provisioned, if set, reports a function's provisioned instances
	// ready to serve (ProvisionConfig.current) and, when fewer than its
	// target are, why (currentError).
	Provisioned func(function string) (current int, currentError string)

	// Sessions, if set, is the data plane's session table, for the
	// Session API; nil: every function has no session.
	Sessions Sessions

	// Instances, if set, lists a function's instances as the data plane
	// has them, for ListInstances; nil: no function has any.
	Instances func(function string) []Instance

	// Notify, if set, hears of every committed change (see Event).
	Notify func(Event)

	Now func() time.Time // default time.Now
	Log *slog.Logger     // default: discard
}

func (c *Config) check() error {
	switch {
	case c.Store == nil:
		return errors.New("controlapi: Config.Store is required")
	case c.Code.Root == "":
		return errors.New("controlapi: Config.Code.Root is required")
	case c.Region == "" || c.AccountID == "":
		return errors.New("controlapi: Config.Region and Config.AccountID are required")
	}
	if c.Code.Limits == (codezip.Limits{}) {
		c.Code.Limits = codezip.DefaultLimits
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	return nil
}
