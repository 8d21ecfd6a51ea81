package host

import (
	"context"
	"fmt"
	"net/http"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// remote is a configured plugin as a providers.Provider. Info is read once,
// at Configure, since the interface gives it no way to fail.
type remote struct {
	p    *Plugin
	info providers.Info
}

var _ providers.Provider = (*remote)(nil)

func (r *remote) Info() providers.Info { return r.info }

func (r *remote) ListFunctions(ctx context.Context, stack string) ([]*providers.Function, error) {
	resp, err := call(ctx, r.p, "ListFunctions", func(ctx context.Context) (*proto.ListFunctionsResponse, error) {
		return r.p.rpc.ListFunctions(ctx, &proto.ListFunctionsRequest{Stack: stack})
	})
	if err != nil {
		return nil, err
	}
	out := make([]*providers.Function, len(resp.Functions))
	for i, f := range resp.Functions {
		out[i] = proto.ToFunction(f)
	}
	return out, nil
}

func (r *remote) GetFunction(ctx context.Context, name string) (*providers.Function, error) {
	return r.function(ctx, "GetFunction", func(ctx context.Context) (*proto.FunctionResponse, error) {
		return r.p.rpc.GetFunction(ctx, &proto.GetFunctionRequest{Name: name})
	})
}

func (r *remote) CreateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	if err := r.carries(f); err != nil {
		return nil, err
	}
	msg, err := r.code(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("CreateFunction %q: %w", f.Name, err)
	}
	return r.function(ctx, "CreateFunction", func(ctx context.Context) (*proto.FunctionResponse, error) {
		return r.p.rpc.CreateFunction(ctx, &proto.CreateFunctionRequest{Function: proto.FromFunction(f), Code: msg})
	})
}

func (r *remote) UpdateFunction(ctx context.Context, f *providers.Function, code *providers.Code) (*providers.Function, error) {
	if err := r.carries(f); err != nil {
		return nil, err
	}
	msg, err := r.code(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("UpdateFunction %q: %w", f.Name, err)
	}
	return r.function(ctx, "UpdateFunction", func(ctx context.Context) (*proto.FunctionResponse, error) {
		return r.p.rpc.UpdateFunction(ctx, &proto.UpdateFunctionRequest{Function: proto.FromFunction(f), Code: msg})
	})
}

// carries refuses a function with fields newer than the plugin's protocol:
// the plugin would drop them without a word (protobuf skips unknown
// fields), and every plan after would show them again.
func (r *remote) carries(f *providers.Function) error {
	if f.SessionAffinity != nil && r.p.ProtocolMinor < 1 {
		return fmt.Errorf("function %q: provider plugin %q speaks protocol %d.%d, which predates session affinity (1.1): it would drop session_affinity; update the plugin to one built with a newer wsdeploy SDK, or remove session_affinity",
			f.Name, r.p.Name, r.p.ProtocolVersion, r.p.ProtocolMinor)
	}
	return nil
}

// function makes a call that answers a function, passing on the
// plugin's report that a create found it already there (since 1.2).
func (r *remote) function(ctx context.Context, method string, fn func(context.Context) (*proto.FunctionResponse, error)) (*providers.Function, error) {
	resp, err := call(ctx, r.p, method, fn)
	if err != nil {
		return nil, err
	}
	if resp.Existed {
		providers.ReportExisted(ctx)
	}
	return proto.ToFunction(resp.Function), nil
}

func (r *remote) DeleteFunction(ctx context.Context, name string) error {
	_, err := call(ctx, r.p, "DeleteFunction", func(ctx context.Context) (*proto.DeleteFunctionResponse, error) {
		return r.p.rpc.DeleteFunction(ctx, &proto.DeleteFunctionRequest{Name: name})
	})
	return err
}

func (r *remote) CreateTrigger(ctx context.Context, function string, t *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	return r.trigger(ctx, "CreateTrigger", func(ctx context.Context) (*proto.TriggerResponse, error) {
		return r.p.rpc.CreateTrigger(ctx, &proto.TriggerRequest{Function: function, Trigger: proto.FromTrigger(t)})
	})
}

func (r *remote) UpdateTrigger(ctx context.Context, function string, t *providers.HTTPTrigger) (*providers.HTTPTrigger, error) {
	return r.trigger(ctx, "UpdateTrigger", func(ctx context.Context) (*proto.TriggerResponse, error) {
		return r.p.rpc.UpdateTrigger(ctx, &proto.TriggerRequest{Function: function, Trigger: proto.FromTrigger(t)})
	})
}

func (r *remote) trigger(ctx context.Context, method string, fn func(context.Context) (*proto.TriggerResponse, error)) (*providers.HTTPTrigger, error) {
	resp, err := call(ctx, r.p, method, fn)
	if err != nil {
		return nil, err
	}
	if resp.Existed {
		providers.ReportExisted(ctx)
	}
	return proto.ToTrigger(resp.Trigger), nil
}

func (r *remote) DeleteTrigger(ctx context.Context, function, trigger string) error {
	_, err := call(ctx, r.p, "DeleteTrigger", func(ctx context.Context) (*proto.DeleteTriggerResponse, error) {
		return r.p.rpc.DeleteTrigger(ctx, &proto.DeleteTriggerRequest{Function: function, Trigger: trigger})
	})
	return err
}

// SignRequest sends the request's head (a handshake has no body) and sets
// the headers the plugin's signature needs.
func (r *remote) SignRequest(req *http.Request) error {
	resp, err := call(req.Context(), r.p, "SignRequest", func(ctx context.Context) (*proto.SignRequestResponse, error) {
		return r.p.rpc.SignRequest(ctx, &proto.SignRequestRequest{Method: req.Method, Url: req.URL.String(), Headers: proto.FromHeader(req.Header)})
	})
	if err != nil {
		return err
	}
	for k, vs := range proto.ToHeader(resp.SetHeaders) {
		req.Header[k] = vs
	}
	return nil
}
