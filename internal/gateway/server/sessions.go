package server

import (
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/controlapi"
	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// affinity translates a stored function's session affinity, which the
// control API validated; nil when it has none.
func affinity(f *fc.Function) *dataplane.Affinity {
	a, err := controlapi.FunctionAffinity(f)
	if err != nil || a == nil {
		return nil
	}
	return &dataplane.Affinity{Type: a.Type, Header: a.Header, SessionsPerInstance: a.SessionsPerInstance,
		TTLSeconds: a.TTLSeconds, IdleSeconds: a.IdleSeconds, DisableReuse: a.DisableReuse}
}

// sessionTable is the plane's sessions as the Session API shows them
// (FC's Session model).
type sessionTable struct{ plane *dataplane.Plane }

var _ controlapi.Sessions = sessionTable{}

func (t sessionTable) Sessions(function string) []*fc.Session {
	ss := t.plane.Sessions(function)
	out := make([]*fc.Session, len(ss))
	for i, s := range ss {
		out[i] = fcSession(s)
	}
	return out
}

// fcSession is FC's Session model of a session.
func fcSession(s dataplane.SessionInfo) *fc.Session {
	status := fcspec.SessionExpired
	if s.Active {
		status = fcspec.SessionActive
	}
	out := &fc.Session{
		SessionId:                   dara.String(s.ID),
		FunctionName:                dara.String(s.Function),
		Qualifier:                   dara.String(fcspec.QualifierLatest),
		SessionAffinityType:         dara.String(s.Type),
		SessionStatus:               dara.String(status),
		SessionTTLInSeconds:         dara.Int64(int64(s.TTLSeconds)),
		SessionIdleTimeoutInSeconds: dara.Int64(int64(s.IdleSeconds)),
		DisableSessionIdReuse:       dara.Bool(s.DisableReuse),
		CreatedTime:                 dara.String(s.Created.UTC().Format(time.RFC3339)),
		LastModifiedTime:            dara.String(s.Modified.UTC().Format(time.RFC3339)),
	}
	if s.InstanceID != "" {
		out.ContainerId = dara.String(s.InstanceID)
	}
	return out
}

func (t sessionTable) CreateSession(function string, in *fc.CreateSessionInput) (*fc.Session, error) {
	return answer(t.plane.CreateSession(function, dara.StringValue(in.SessionId),
		settings(in.SessionTTLInSeconds, in.SessionIdleTimeoutInSeconds, in.DisableSessionIdReuse)))
}

func (t sessionTable) UpdateSession(function, id string, in *fc.UpdateSessionInput) (*fc.Session, error) {
	return answer(t.plane.UpdateSession(function, id,
		settings(in.SessionTTLInSeconds, in.SessionIdleTimeoutInSeconds, in.DisableSessionIdReuse)))
}

func settings(ttl, idle *int64, disableReuse *bool) dataplane.SessionSettings {
	set := dataplane.SessionSettings{DisableReuse: disableReuse}
	if ttl != nil {
		n := int(*ttl)
		set.TTLSeconds = &n
	}
	if idle != nil {
		n := int(*idle)
		set.IdleSeconds = &n
	}
	return set
}

// answer is the plane's answer as the control API's: a refusal keeps
// FC's status, code and message.
func answer(s dataplane.SessionInfo, fl *dataplane.Failure) (*fc.Session, error) {
	if fl != nil {
		return nil, &controlapi.Refusal{Status: fl.Status, Code: string(fl.Code), Message: fl.Message}
	}
	return fcSession(s), nil
}

func (t sessionTable) DeleteSession(function, id string) bool {
	return t.plane.DeleteSession(function, id)
}
