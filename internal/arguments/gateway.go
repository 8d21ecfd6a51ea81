package arguments

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/internal/gateway/server"
)

// Gateway is `wsdeploy gateway [options]`: run the local gateway.
type Gateway struct {
	GatewayDir
	// Detach runs the gateway in the background, with Forward as its flags.
	Detach  bool
	Forward []string
	// Config is the gateway's, but for what the verb adds: the state
	// directory, which the stack may decide, the version and the logger.
	Config server.Config
}

// gatewaySettings are the settings of a running gateway; --detach forwards
// the ones the user set to the background process.
func gatewaySettings() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "listen", Value: server.DefaultListen, Usage: "`ADDR` of the control API (FC's API and /metrics); port 0 picks a free one"},
		&cli.StringFlag{Name: "domain-listen", DefaultText: "the trigger host, port 0", Usage: "`ADDR` of the plain HTTP listener of all custom domains (clients send the domain as Host); port 0 picks a free one"},
		&cli.StringFlag{Name: "domain-tls-listen", DefaultText: "the trigger host, port 0", Usage: "`ADDR` of the TLS listener of all custom domains (certificate by SNI: the domain's own, or one from the local CA at <state dir>/ca.pem); port 0 picks a free one"},
		&cli.DurationFlag{Name: "state-delay", Value: server.DefaultStateDelay, Usage: "how long an updated function stays InProgress (serving its previous code) and a new custom-container function Pending, as on FC; 0 settles at once"},
		&cli.DurationFlag{Name: "propagation-delay", Value: dataplane.DefaultPropagationDelay, Usage: "how long a new or changed trigger takes to serve, like FC's trigger cache"},
		&cli.DurationFlag{Name: "idle-drop", Usage: "cut connections that carry no bytes for this long, like a NAT gateway (0: never)"},
		&cli.DurationFlag{Name: "idle-ttl", Value: dataplane.DefaultIdleTTL, Usage: "stop instances that served nothing for this long"},
		&cli.IntFlag{Name: "max-instances", Value: dataplane.DefaultMaxInstances, Usage: "instances of all functions together, like FC's quota; beyond it requests get 429"},
		&cli.StringFlag{Name: "region", Value: dataplane.DefaultRegion, Usage: "region the functions see (FC_REGION, ARNs)"},
		&cli.StringFlag{Name: "account-id", Value: dataplane.DefaultAccountID, Usage: "account id the functions see (FC_ACCOUNT_ID, ARNs)"},
		&cli.StringFlag{Name: "isolation", Value: server.IsolationSandbox, EnvVars: []string{"WSDEPLOY_ISOLATION"},
			Usage: "how instances run: sandbox (FC's way: own namespaces, port 9000, code at /code; falls back to process where the kernel refuses) or process (plain processes on their own ports)"},
		&cli.BoolFlag{Name: "accept-fc2-signatures", Usage: "triggers with auth_type \"function\" also accept FC 2.0's \"FC ak:signature\" scheme, which FC 3.0 may refuse (ACS3 always works)"},
		&cli.StringFlag{Name: "inject-faults", Hidden: true, Usage: "for tests: data=STATUS:RATE,control=STATUS:RATE,seed=N"},
		// The data plane's limits (dataplane.Limits); 0 takes the default.
		&cli.IntFlag{Name: "max-connections", DefaultText: strconv.Itoa(dataplane.DefaultMaxConnections()) + ", from the open-file limit",
			Usage: "client connections to all triggers together, WebSocket tunnels included; beyond it 503 (the default leaves descriptors to the control API)"},
		&cli.IntFlag{Name: "max-trigger-connections", DefaultText: "--max-connections", Usage: "client connections to one trigger; beyond it 503"},
		&cli.DurationFlag{Name: "body-timeout", Value: dataplane.DefaultBodyTimeout, Usage: "time a client has to send a request body without a length (chunked); beyond it 400"},
		&cli.IntFlag{Name: "body-memory-mib", Value: dataplane.DefaultBodyMemory >> 20, Usage: "MiB of memory for such bodies, all requests together; beyond it 503"},
		&cli.IntFlag{Name: "body-spool-mib", Value: dataplane.DefaultBodySpool >> 20, Usage: "MiB of disk for such bodies (spool files in $TMPDIR), all requests together; beyond it 503"},
	}
}

// GatewayFlags are gateway's own flags.
func GatewayFlags() []cli.Flag {
	return append(append(GatewayDirFlags(),
		&cli.BoolFlag{Name: "detach", Usage: "run in the background; output goes to DIR/gateway.log"}), gatewaySettings()...)
}

// ParseGateway reads gateway's command line.
func ParseGateway(c *cli.Context) (*Gateway, error) {
	dir, err := ParseGatewayDir(c)
	if err != nil {
		return nil, err
	}
	limits, err := gatewayLimits(c)
	if err != nil {
		return nil, err
	}
	data, control, err := server.ParseFaults(c.String("inject-faults"))
	if err != nil {
		return nil, err
	}
	g := &Gateway{GatewayDir: *dir, Detach: c.Bool("detach"), Config: server.Config{
		Listen:              c.String("listen"),
		DomainListen:        c.String("domain-listen"),
		DomainTLSListen:     c.String("domain-tls-listen"),
		PropagationDelay:    c.Duration("propagation-delay"),
		StateDelay:          c.Duration("state-delay"),
		IdleDrop:            c.Duration("idle-drop"),
		IdleTTL:             c.Duration("idle-ttl"),
		MaxInstances:        c.Int("max-instances"),
		Isolation:           c.String("isolation"),
		Limits:              limits,
		Region:              c.String("region"),
		AccountID:           c.String("account-id"),
		DataFault:           data,
		ControlFault:        control,
		AcceptFC2Signatures: c.Bool("accept-fc2-signatures"),
	}}
	for _, f := range gatewaySettings() {
		if name := f.Names()[0]; c.IsSet(name) {
			g.Forward = append(g.Forward, "--"+name+"="+flagText(c, name))
		}
	}
	return g, nil
}

// gatewayLimits reads the data plane's limits from their flags.
func gatewayLimits(c *cli.Context) (dataplane.Limits, error) {
	for _, name := range []string{"max-connections", "max-trigger-connections", "body-memory-mib", "body-spool-mib"} {
		if n := c.Int(name); n < 0 || n > math.MaxInt64>>20 {
			return dataplane.Limits{}, &UsageError{Err: fmt.Errorf("--%s %d: write a number from 1 up (0 takes the default)", name, n), Help: "wsdeploy gateway --help"}
		}
	}
	if d := c.Duration("body-timeout"); d < 0 {
		return dataplane.Limits{}, &UsageError{Err: fmt.Errorf("--body-timeout %s: write a positive duration such as 2m (0 takes the default)", d), Help: "wsdeploy gateway --help"}
	}
	return dataplane.Limits{
		MaxConnections:        c.Int("max-connections"),
		MaxTriggerConnections: c.Int("max-trigger-connections"),
		BodyTimeout:           c.Duration("body-timeout"),
		BodyMemory:            int64(c.Int("body-memory-mib")) << 20,
		BodySpool:             int64(c.Int("body-spool-mib")) << 20,
	}, nil
}

// flagText renders a flag's value as the command line would give it.
func flagText(c *cli.Context, name string) string {
	switch v := c.Value(name).(type) {
	case time.Duration:
		return v.String()
	case int:
		return strconv.Itoa(v)
	case string:
		return v
	}
	return c.String(name)
}
