package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
)

func main() {
	mode := strings.TrimPrefix(filepath.Base(os.Args[0]), "wsdeploy-provider-")
	opts := sdk.Options{
		Version: "v1.2.3-test",
		Schema: sdk.Schema{Attributes: []sdk.SchemaAttribute{
			{Name: "region", Type: sdk.String, Required: true, Description: "where"},
			{Name: "token", Type: sdk.String, Sensitive: true},
			{Name: "zones", Type: sdk.ListOf(sdk.String)},
		}},
		Configure: func(_ context.Context, s sdk.Settings) (sdk.Provider, error) {
			sdk.Logger().Warn("configured", "region", s.String("region"), "token_sensitive", s.Sensitive("token"))
			if s.String("region") == "nowhere" {
				return nil, fmt.Errorf("region %q does not exist", "nowhere")
			}
			p := newMemory(mode, s.String("region"))
			if mode == "nodomains" {
				return basic{p}, nil
			}
			if mode == "child" {
				child := exec.Command("sleep", "1000")
				if err := child.Start(); err != nil {
					return nil, err
				}
				p.endpoint = strconv.Itoa(child.Process.Pid)
			}
			return p, nil
		},
	}
	switch mode {
	case "crash-start":
		fmt.Fprintln(os.Stderr, "about to fail: the configuration file is corrupt")
		panic("boom at start")
	case "hang-start":
		select {}
	case "garbage":
		fmt.Println("Hello! Starting the provider...")
	case "version":
		cfg := sdk.ServeConfig(opts)
		cfg.HandshakeConfig.ProtocolVersion = 99
		plugin.Serve(cfg)
		return
	case "old", "old11", "liar":
		intercept := map[string]grpc.UnaryServerInterceptor{"old": asProtocol10, "old11": asProtocol11, "liar": withoutNewCalls}[mode]
		cfg := sdk.ServeConfig(opts)
		serve := cfg.GRPCServer
		cfg.GRPCServer = func(o []grpc.ServerOption) *grpc.Server {
			return serve(append(o, grpc.ChainUnaryInterceptor(intercept)))
		}
		plugin.Serve(cfg)
		return
	}
	sdk.Serve(opts)
}
