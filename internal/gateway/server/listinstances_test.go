package server

import (
	"context"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/coder/websocket"
)

// TestListInstancesAPI: through the official SDK, ListInstances answers a
// function's live instance (FC's InstanceInfo: id, LATEST, version 0,
// Running) while a WebSocket connection holds it, filters by instanceIds
// and instanceStatus, and refuses an unknown function and a version
// qualifier as FC does.
func TestListInstancesAPI(t *testing.T) {
	dir := t.TempDir()
	startGateway(t, dir, nil)
	c := sdk(t, dir)
	url := deployEcho(t, c, "room", 5)
	list := func(req *fc.ListInstancesRequest) []*fc.InstanceInfo {
		t.Helper()
		resp, err := c.ListInstances(dara.String("room"), req)
		if err != nil {
			t.Fatalf("ListInstances: %v", err)
		}
		return resp.Body.Instances
	}
	if got := list(&fc.ListInstancesRequest{WithAllActive: dara.Bool(true)}); len(got) != 0 {
		t.Fatalf("before any connection: %v", got)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, wsURL(url), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	got := list(&fc.ListInstancesRequest{WithAllActive: dara.Bool(true)})
	if len(got) != 1 {
		t.Fatalf("with a connection open: %v", got)
	}
	in := got[0]
	if dara.StringValue(in.InstanceId) == "" || dara.StringValue(in.Qualifier) != "LATEST" || dara.StringValue(in.VersionId) != "0" ||
		dara.StringValue(in.Status) != "Running" {
		t.Errorf("instance %v", in)
	}
	id := dara.StringValue(in.InstanceId)
	if got := list(&fc.ListInstancesRequest{InstanceIds: []*string{dara.String(id)}}); len(got) != 1 {
		t.Errorf("instanceIds=[%s]: %v", id, got)
	}
	if got := list(&fc.ListInstancesRequest{InstanceIds: []*string{dara.String("other")}}); len(got) != 0 {
		t.Errorf("instanceIds=[other]: %v", got)
	}
	if got := list(&fc.ListInstancesRequest{InstanceStatus: []*string{dara.String("Starting")}}); len(got) != 0 {
		t.Errorf("instanceStatus=[Starting]: %v", got)
	}

	if _, err := c.ListInstances(dara.String("nosuch"), &fc.ListInstancesRequest{}); err == nil || !strings.Contains(err.Error(), "FunctionNotFound") {
		t.Errorf("unknown function: %v", err)
	}
	if _, err := c.ListInstances(dara.String("room"), &fc.ListInstancesRequest{Qualifier: dara.String("1")}); err == nil || !strings.Contains(err.Error(), "InvalidArgument") {
		t.Errorf("qualifier 1: %v", err)
	}
}
