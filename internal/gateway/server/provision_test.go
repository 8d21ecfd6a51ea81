package server

import (
	"context"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// waitCurrent polls GetProvisionConfig until current is n, as a deployer
// does after PutProvisionConfig.
func waitCurrent(t *testing.T, c *fc.Client, fn string, n int64) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		got, err := c.GetProvisionConfig(dara.String(fn), &fc.GetProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest)})
		if err != nil {
			t.Fatal(err)
		}
		if dara.Int64Value(got.Body.Current) == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("current = %d after 60s, want %d: %s", dara.Int64Value(got.Body.Current), n, dara.StringValue(got.Body.CurrentError))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestProvisionRestart: PutProvisionConfig through the SDK starts the
// instances; /metrics tells provisioned from on-demand ones; a restarted
// gateway starts them again before any request; deleting the config stops
// them.
func TestProvisionRestart(t *testing.T) {
	dir := t.TempDir()
	startGateway(t, dir, nil).Shutdown(context.Background()) // creates dir, key
	g := startGateway(t, dir, nil)
	c := sdk(t, dir)
	url := deployEcho(t, c, "echo", 1)
	if _, err := c.PutProvisionConfig(dara.String("echo"), &fc.PutProvisionConfigRequest{
		Qualifier: dara.String(fcspec.QualifierLatest), Body: &fc.PutProvisionConfigInput{Target: dara.Int64(2)}}); err != nil {
		t.Fatal(err)
	}
	waitCurrent(t, c, "echo", 2)
	echoOnce(t, url, "no cold start")
	body := metrics(t, g)
	for _, want := range []string{
		`wsdeploy_function_provisioned_instances{function="echo"} 2`,
		`wsdeploy_function_on_demand_instances{function="echo"} 0`,
		`wsdeploy_function_provision_target{function="echo"} 2`,
		`wsdeploy_function_cold_start_waits_total{function="echo"} 0`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	if err := g.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	g = startGateway(t, dir, nil)
	c = sdk(t, dir)
	waitCurrent(t, c, "echo", 2) // before any request
	for _, in := range g.plane.Instances("echo") {
		if !in.Provisioned {
			t.Errorf("instance %s after the restart is on demand", in.ID)
		}
	}
	if _, err := c.DeleteProvisionConfig(dara.String("echo"), &fc.DeleteProvisionConfigRequest{Qualifier: dara.String(fcspec.QualifierLatest)}); err != nil {
		t.Fatal(err)
	}
	waitCurrent(t, c, "echo", 0)
}
