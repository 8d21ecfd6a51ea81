package plugintest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// statusCalls runs what `wsdeploy status` asks of a provider that
// implements providers.States or providers.Instances: the deployed
// function is Active with a successful last update; a missing one is
// ErrNotFound; a WebSocket connection held open through the trigger shows
// as a live instance (carrying it, when the provider counts connections).
func (k *kit) statusCalls() {
	k.t.Helper()
	states, hasStates := k.p.(providers.States)
	instances, hasInstances := k.p.(providers.Instances)
	if !hasStates && !hasInstances {
		k.t.Logf("plugintest: %s: skipped: the provider implements neither providers.States nor providers.Instances", k.step)
		return
	}
	fn, missing := k.spec.function(), k.spec.stack+"-missing"
	if hasStates {
		st, err := states.FunctionState(k.ctx, fn)
		if err != nil {
			k.fatalf("FunctionState(%q) of the deployed function: %v", fn, err)
		}
		if st.State != string(fcspec.StateActive) || (st.LastUpdateStatus != "" && st.LastUpdateStatus != string(fcspec.UpdateSuccessful)) {
			k.fatalf("FunctionState(%q) after a settled apply is %+v; want state %s and last update %s (or none)", fn, *st, fcspec.StateActive, fcspec.UpdateSuccessful)
		}
		if st, err := states.FunctionState(k.ctx, missing); !errors.Is(err, providers.ErrNotFound) {
			k.fatalf("FunctionState(%q) of a function that does not exist returned (%v, %v); want an error matching providers.ErrNotFound", missing, st, err)
		}
	}
	if !hasInstances {
		return
	}
	if list, err := instances.ListInstances(k.ctx, missing); !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("ListInstances(%q) of a function that does not exist returned (%d instances, %v); want an error matching providers.ErrNotFound", missing, len(list), err)
	}
	if _, err := instances.ListInstances(k.ctx, fn); err != nil {
		k.fatalf("ListInstances(%q): %v", fn, err)
	}
	url := k.triggerURL()
	if k.opts.SkipSmoke || url == "" {
		k.t.Logf("plugintest: %s: no connection, so no live instance checked", k.step)
		return
	}
	conn := k.holdOpen("ws" + strings.TrimPrefix(url, "http"))
	defer conn.CloseNow()
	k.retry(fmt.Sprintf("live instance in ListInstances(%q) while a WebSocket connection is open", fn), func() error {
		list, err := instances.ListInstances(k.ctx, fn)
		if err != nil {
			return err
		}
		counted, carried := false, 0
		for _, in := range list {
			if in.ID == "" {
				k.fatalf("ListInstances(%q) reports an instance without an ID: %+v", fn, *in)
			}
			if in.Connections != nil {
				counted, carried = true, carried+*in.Connections
			}
		}
		switch {
		case len(list) == 0:
			return errors.New("it lists no instance")
		case counted && carried == 0:
			return fmt.Errorf("its %d instances count no connection", len(list))
		}
		return nil
	})
}

// holdOpen dials the WebSocket URL until an echo comes back through it,
// and returns the connection, open.
func (k *kit) holdOpen(wsURL string) *websocket.Conn {
	k.t.Helper()
	var conn *websocket.Conn
	k.retry("WebSocket echo through "+wsURL, func() error {
		ctx, cancel := context.WithTimeout(k.ctx, 10*time.Second)
		defer cancel()
		c, _, err := websocket.Dial(ctx, wsURL, nil)
		if err != nil {
			return err
		}
		if err := c.Write(ctx, websocket.MessageText, []byte("plugintest status")); err != nil {
			c.CloseNow()
			return err
		}
		if _, _, err := c.Read(ctx); err != nil {
			c.CloseNow()
			return err
		}
		conn = c
		return nil
	})
	return conn
}
