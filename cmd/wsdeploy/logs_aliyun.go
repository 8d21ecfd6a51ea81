package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/aliyun"
	"github.com/wsdeploy/wsdeploy/internal/aliyun/slslogs"
	"github.com/wsdeploy/wsdeploy/internal/engine/config"
	"github.com/wsdeploy/wsdeploy/internal/engine/views"
	"github.com/wsdeploy/wsdeploy/providers/local"
)

// envSLSEndpoint replaces SLS's public endpoint of the stack's region: an
// intranet endpoint (cn-hangzhou-intranet.log.aliyuncs.com) from inside
// Alibaba Cloud, or a stand-in in tests ("http://127.0.0.1:PORT").
const envSLSEndpoint = "WSDEPLOY_SLS_ENDPOINT"

// aliyunStack is the stack in the working directory when it deploys with
// the aliyun provider (its only provider block), else nil: logs then reads
// the local gateway's log files, as before. A stack with an aliyun block
// that does not load is an error, since its log block is unknown.
func aliyunStack(inv *invocation) (*config.Stack, *config.Provider, error) {
	hasAliyun := false
	for _, b := range providerBlocks(".") {
		hasAliyun = hasAliyun || b.Labels[0] == aliyun.Name
	}
	if !hasAliyun {
		return nil, nil, nil
	}
	stack, err := loadStack(inv, ".")
	if err != nil {
		return nil, nil, err
	}
	block, err := stack.Provider("", local.Name)
	if err != nil || block.Name != aliyun.Name {
		return nil, nil, err
	}
	return stack, block, nil
}

// runSLSLogs shows a function's logs from SLS, where FC writes them when
// the function's log block (FC's logConfig) names a project and logstore.
func runSLSLogs(ctx context.Context, inv *invocation, stack *config.Stack, block *config.Provider, name string, since time.Time, follow bool) error {
	fn, err := stackFunction(stack, name)
	if err != nil {
		return err
	}
	if fn.Log == nil {
		return fmt.Errorf("function %q has no log block, so Function Compute keeps none of its output: FC writes a function's logs "+
			"only to the SLS project and logstore of its logConfig. Add to function %q\n"+
			"    log {\n      project  = \"my-project\"   # an SLS project in the function's region\n      logstore = \"my-logstore\"\n    }\n"+
			"and run wsdeploy apply; lines written after that can be read with wsdeploy logs %s", fn.Label, fn.Label, name)
	}
	access, err := aliyun.NewSLSAccess(aliyun.DecodeSettings(block.Settings))
	if err != nil {
		return err
	}
	endpoint := lookupEnv(inv.env.environ, envSLSEndpoint)
	if endpoint == "" {
		endpoint = slslogs.Endpoint(access.Region)
	}
	view := views.NewLogs(inv.view())
	target := slslogs.Target{Project: fn.Log.Project, Logstore: fn.Log.Logstore, Function: fn.Name}
	cfg := slslogs.Config{Endpoint: endpoint, Credential: access.Credential, Scrub: access.Scrub}
	return slslogs.Read(ctx, cfg, target, slslogs.Options{Since: since, Follow: follow}, func(e slslogs.Entry) error {
		view.Entry(name, views.LogEntry{Time: e.Time, Instance: e.Instance, Stream: "sls", Line: e.Line})
		return nil
	})
}

// stackFunction finds a function by its block label or its FC name.
func stackFunction(stack *config.Stack, name string) (*config.Function, error) {
	var names []string
	for _, f := range stack.Functions {
		if f.Label == name || f.Name == name {
			return f, nil
		}
		names = append(names, f.Label)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("the stack declares no function %q (it declares: %s)", name, strings.Join(names, ", "))
}

// lookupEnv is the value of key in environ, "" when absent.
func lookupEnv(environ []string, key string) string {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}
