package sdk

import (
	"context"
	"net/http"
	"slices"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
)

// server is the provider protocol over a providers.Provider.
type server struct {
	proto.UnimplementedProviderServer
	opts    Options
	uploads *uploads // protocol 1.3's UploadCode (upload.go)

	mu       sync.Mutex
	provider Provider // set by Configure
}

func (s *server) Describe(context.Context, *proto.DescribeRequest) (*proto.DescribeResponse, error) {
	return &proto.DescribeResponse{ProtocolMajor: proto.ProtocolVersion, ProtocolMinor: proto.ProtocolMinor,
		PluginVersion: s.opts.Version, SdkVersion: sdkVersion()}, nil
}

func (s *server) GetSchema(context.Context, *proto.GetSchemaRequest) (*proto.GetSchemaResponse, error) {
	resp, err := proto.FromSchema(s.opts.Schema)
	if err != nil {
		return nil, status.Error(codes.Internal, "the plugin's schema: "+err.Error())
	}
	return resp, nil
}

func (s *server) Configure(ctx context.Context, req *proto.ConfigureRequest) (*proto.ConfigureResponse, error) {
	values, err := proto.DecodeSettings(req.SettingsJson, s.opts.Schema)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	sensitive := map[string]bool{}
	for _, name := range req.Sensitive {
		sensitive[name] = true
	}
	if s.opts.Configure == nil {
		return nil, status.Error(codes.Unimplemented, "the plugin has no Configure function (sdk.Options.Configure)")
	}
	p, err := s.opts.Configure(ctx, Settings{values: values, sensitive: sensitive})
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	s.mu.Lock()
	s.provider = p
	s.mu.Unlock()
	return offered(p), nil
}

// configured is the provider, or FailedPrecondition before Configure.
func (s *server) configured() (Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider == nil {
		return nil, status.Error(codes.FailedPrecondition, "the provider is not configured: wsdeploy calls Configure first")
	}
	return s.provider, nil
}

func (s *server) Info(context.Context, *proto.InfoRequest) (*proto.InfoResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	return proto.FromInfo(p.Info()), nil
}

func (s *server) ListFunctions(ctx context.Context, req *proto.ListFunctionsRequest) (*proto.ListFunctionsResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	fs, err := p.ListFunctions(ctx, req.Stack)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	resp := &proto.ListFunctionsResponse{}
	for _, f := range fs {
		resp.Functions = append(resp.Functions, proto.FromFunction(f))
	}
	return resp, nil
}

func (s *server) GetFunction(ctx context.Context, req *proto.GetFunctionRequest) (*proto.FunctionResponse, error) {
	return s.function(ctx, func(ctx context.Context, p Provider) (*Function, error) { return p.GetFunction(ctx, req.Name) })
}

func (s *server) CreateFunction(ctx context.Context, req *proto.CreateFunctionRequest) (*proto.FunctionResponse, error) {
	code, done, err := s.code(req.Code)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.function(ctx, func(ctx context.Context, p Provider) (*Function, error) {
		return p.CreateFunction(ctx, proto.ToFunction(req.Function), code)
	})
}

func (s *server) UpdateFunction(ctx context.Context, req *proto.UpdateFunctionRequest) (*proto.FunctionResponse, error) {
	code, done, err := s.code(req.Code)
	if err != nil {
		return nil, err
	}
	defer done()
	return s.function(ctx, func(ctx context.Context, p Provider) (*Function, error) {
		return p.UpdateFunction(ctx, proto.ToFunction(req.Function), code)
	})
}

// UploadCode receives a code package that a later call names (upload.go).
func (s *server) UploadCode(stream grpc.ClientStreamingServer[proto.CodeChunk, proto.UploadCodeResponse]) error {
	if _, err := s.configured(); err != nil {
		return err
	}
	return s.uploads.receive(stream)
}

// function makes a call that answers a function, with whether it found
// the function already there (existed.go).
func (s *server) function(ctx context.Context, call func(context.Context, Provider) (*Function, error)) (*proto.FunctionResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	ctx, existed := watchExisted(ctx)
	f, err := call(ctx, p)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	return &proto.FunctionResponse{Function: proto.FromFunction(f), Existed: existed.Load()}, nil
}

func (s *server) DeleteFunction(ctx context.Context, req *proto.DeleteFunctionRequest) (*proto.DeleteFunctionResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	return &proto.DeleteFunctionResponse{}, proto.ToStatus(p.DeleteFunction(ctx, req.Name))
}

func (s *server) CreateTrigger(ctx context.Context, req *proto.TriggerRequest) (*proto.TriggerResponse, error) {
	return s.trigger(ctx, func(ctx context.Context, p Provider) (*HTTPTrigger, error) {
		return p.CreateTrigger(ctx, req.Function, proto.ToTrigger(req.Trigger))
	})
}

func (s *server) UpdateTrigger(ctx context.Context, req *proto.TriggerRequest) (*proto.TriggerResponse, error) {
	return s.trigger(ctx, func(ctx context.Context, p Provider) (*HTTPTrigger, error) {
		return p.UpdateTrigger(ctx, req.Function, proto.ToTrigger(req.Trigger))
	})
}

// trigger is function's counterpart for triggers.
func (s *server) trigger(ctx context.Context, call func(context.Context, Provider) (*HTTPTrigger, error)) (*proto.TriggerResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	ctx, existed := watchExisted(ctx)
	t, err := call(ctx, p)
	if err != nil {
		return nil, proto.ToStatus(err)
	}
	return &proto.TriggerResponse{Trigger: proto.FromTrigger(t), Existed: existed.Load()}, nil
}

func (s *server) DeleteTrigger(ctx context.Context, req *proto.DeleteTriggerRequest) (*proto.DeleteTriggerResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	return &proto.DeleteTriggerResponse{}, proto.ToStatus(p.DeleteTrigger(ctx, req.Function, req.Trigger))
}

// SignRequest signs a request rebuilt from its head and sends back every
// header the provider added or changed.
func (s *server) SignRequest(ctx context.Context, req *proto.SignRequestRequest) (*proto.SignRequestResponse, error) {
	p, err := s.configured()
	if err != nil {
		return nil, err
	}
	r, err := http.NewRequestWithContext(ctx, req.Method, req.Url, nil)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	before := proto.ToHeader(req.Headers)
	r.Header = before.Clone()
	if err := p.SignRequest(r); err != nil {
		return nil, proto.ToStatus(err)
	}
	set := http.Header{}
	for k, vs := range r.Header {
		if !slices.Equal(before[k], vs) {
			set[k] = vs
		}
	}
	return &proto.SignRequestResponse{SetHeaders: proto.FromHeader(set)}, nil
}
