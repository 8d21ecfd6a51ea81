package plugintest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/coder/websocket"

	"github.com/wsdeploy/wsdeploy/internal/engine/plan"
	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// sessionHeader is the header of the kit's HEADER_FIELD affinity.
const sessionHeader = "x-plugintest-session"

// sessionAffinity turns session affinity on by header, changes it to a
// cookie and turns it off, through the engine: each time the function
// reads back as written (SessionAffinity and the instance concurrency FC
// forces with it) and the plan after apply is empty. A provider that
// implements providers.Sessions is checked while the header is on.
func (k *kit) sessionAffinity() {
	k.t.Helper()
	if k.opts.SkipSessionAffinity {
		k.t.Logf("plugintest: %s: skipped (Options.SkipSessionAffinity)", k.step)
		return
	}
	for _, a := range []*affinitySpec{
		{typ: "header_field", header: sessionHeader, perInst: 2, ttl: 600, idle: 60, noReuse: true},
		{typ: "cookie", perInst: 5, ttl: 300},
		nil,
	} {
		k.spec.affinity = a
		k.writeStack()
		k.apply(map[string]plan.Action{fnAddr: plan.Update}, false)
		k.settled()
		if s, ok := k.p.(providers.Sessions); ok && a != nil && a.header != "" {
			k.sessions(s)
		}
	}
}

// sessions checks the Session API: a connection that carries a session id
// in the header opens a session bound to an instance, which ListSessions
// reports and DeleteSession ends. Without the smoke test (no connection),
// only the calls themselves are checked.
func (k *kit) sessions(s providers.Sessions) {
	k.t.Helper()
	fn := k.spec.function()
	if _, err := s.ListSessions(k.ctx, fn); err != nil {
		k.fatalf("ListSessions(%q) of a function with session affinity: %v", fn, err)
	}
	if err := s.DeleteSession(k.ctx, fn, "plugintest-never-opened"); err != nil && !errors.Is(err, providers.ErrNotFound) {
		k.fatalf("DeleteSession of a session that never existed returned %v; want nil or providers.ErrNotFound", err)
	}
	url := k.triggerURL()
	if k.opts.SkipSmoke || url == "" {
		k.t.Logf("plugintest: %s: no connection, so no live session checked", k.step)
		return
	}
	nonce := make([]byte, 6)
	rand.Read(nonce)
	id := "plugintest-" + hex.EncodeToString(nonce)
	k.echoUntil("ws"+strings.TrimPrefix(url, "http"), &websocket.DialOptions{HTTPHeader: http.Header{sessionHeader: {id}}})
	var found *providers.Session
	k.retry(fmt.Sprintf("session %q in ListSessions(%q) after a connection with %s: %s", id, fn, sessionHeader, id), func() error {
		list, err := s.ListSessions(k.ctx, fn)
		if err != nil {
			return err
		}
		for _, x := range list {
			if x.ID == id {
				found = x
				return nil
			}
		}
		return fmt.Errorf("it lists %d other sessions", len(list))
	})
	if found.Function != fn || found.AffinityType != fcspec.AffinityHeaderField || found.Status != fcspec.SessionActive || found.InstanceID == "" {
		k.fatalf("ListSessions(%q) reports session %q as %+v; want function %q, affinity %s, status %s and the instance it is bound to",
			fn, id, *found, fn, fcspec.AffinityHeaderField, fcspec.SessionActive)
	}
	if err := s.DeleteSession(k.ctx, fn, id); err != nil {
		k.fatalf("DeleteSession(%q, %q): %v", fn, id, err)
	}
}
