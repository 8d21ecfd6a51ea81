package arguments

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
)

func TestParseGateway(t *testing.T) {
	t.Setenv("WSDEPLOY_ISOLATION", "") // restored after the test
	os.Unsetenv("WSDEPLOY_ISOLATION")
	data, control, err := server.ParseFaults("")
	if err != nil {
		t.Fatal(err)
	}
	got, err := parse(t, "gateway", GatewayFlags(), ParseGateway, "gateway")
	if err != nil {
		t.Fatal(err)
	}
	defaults := server.Config{Listen: server.DefaultListen, StateDelay: server.DefaultStateDelay,
		PropagationDelay: dataplane.DefaultPropagationDelay, IdleTTL: dataplane.DefaultIdleTTL, MaxInstances: dataplane.DefaultMaxInstances,
		Region: dataplane.DefaultRegion, AccountID: dataplane.DefaultAccountID, Isolation: server.IsolationSandbox,
		Limits:    dataplane.Limits{BodyTimeout: dataplane.DefaultBodyTimeout, BodyMemory: dataplane.DefaultBodyMemory, BodySpool: dataplane.DefaultBodySpool},
		DataFault: data, ControlFault: control}
	if got.Detach || got.Forward != nil || got.StateDir != "" || !reflect.DeepEqual(got.Config, defaults) {
		t.Errorf("defaults: %+v\nwant config %+v", got, defaults)
	}

	// Each setting, and --detach forwarding the ones set, in the flags' order.
	got, err = parse(t, "gateway", GatewayFlags(), ParseGateway, "gateway", "--detach", "--state-dir", "/s",
		"--max-connections", "7", "--listen", "127.0.0.1:0", "--domain-listen", "127.0.0.1:1", "--domain-tls-listen", "127.0.0.1:2",
		"--state-delay", "0s", "--propagation-delay", "1s", "--idle-drop", "2m", "--idle-ttl", "3m", "--max-instances", "4",
		"--region", "cn-x", "--account-id", "42", "--isolation", "process", "--accept-fc2-signatures",
		"--max-trigger-connections", "5", "--body-timeout", "9s", "--body-memory-mib", "1", "--body-spool-mib", "2")
	if err != nil {
		t.Fatal(err)
	}
	want := server.Config{Listen: "127.0.0.1:0", DomainListen: "127.0.0.1:1", DomainTLSListen: "127.0.0.1:2",
		PropagationDelay: time.Second, IdleDrop: 2 * time.Minute, IdleTTL: 3 * time.Minute, MaxInstances: 4,
		Region: "cn-x", AccountID: "42", Isolation: "process", AcceptFC2Signatures: true,
		Limits:    dataplane.Limits{MaxConnections: 7, MaxTriggerConnections: 5, BodyTimeout: 9 * time.Second, BodyMemory: 1 << 20, BodySpool: 2 << 20},
		DataFault: data, ControlFault: control}
	if !got.Detach || got.StateDir != "/s" || !reflect.DeepEqual(got.Config, want) {
		t.Errorf("every flag: %+v\nwant config %+v", got, want)
	}
	forward := "--listen=127.0.0.1:0 --domain-listen=127.0.0.1:1 --domain-tls-listen=127.0.0.1:2 --state-delay=0s --propagation-delay=1s " +
		"--idle-drop=2m0s --idle-ttl=3m0s --max-instances=4 --region=cn-x --account-id=42 --isolation=process " +
		"--accept-fc2-signatures=true --max-connections=7 --max-trigger-connections=5 --body-timeout=9s --body-memory-mib=1 --body-spool-mib=2"
	if f := strings.Join(got.Forward, " "); f != forward {
		t.Errorf("forwarded\n%s\nwant\n%s", f, forward)
	}

	// The environment sets the isolation as the flag would (and so it is
	// forwarded too).
	t.Setenv("WSDEPLOY_ISOLATION", "process")
	if got, err = parse(t, "gateway", GatewayFlags(), ParseGateway, "gateway"); err != nil || got.Config.Isolation != "process" ||
		strings.Join(got.Forward, " ") != "--isolation=process" {
		t.Errorf("WSDEPLOY_ISOLATION=process: %+v, %v", got, err)
	}

	var usage *UsageError
	for _, args := range [][]string{{"--max-connections", "-1"}, {"--body-memory-mib", "-3"}, {"--body-timeout", "-1s"}} {
		_, err := parse(t, "gateway", GatewayFlags(), ParseGateway, append([]string{"gateway"}, args...)...)
		if !errors.As(err, &usage) || usage.Help != "wsdeploy gateway --help" || !strings.Contains(err.Error(), args[0]+" "+args[1]) {
			t.Errorf("%q: %v, want a usage error naming the flag", args, err)
		}
	}
	expectErrors(t, "gateway", GatewayFlags, ParseGateway, []errorCase{
		{[]string{"gateway", "start"}, `wsdeploy gateway takes no arguments, got "start"`},
		{[]string{"gateway", "--inject-faults", "data=oops"}, `--inject-faults: data="oops" is not STATUS:RATE, like 503:0.3`},
	})
}
