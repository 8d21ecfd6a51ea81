package smoke

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/coder/websocket"
)

// replyLimit bounds a reply the smoke test reads: enough for any sensible
// expect, small enough that a flood cannot hurt.
const replyLimit = 1 << 20

// session checks an open connection: a ping answered in time, then the
// send/expect exchange. It records timings in res and closes the
// connection with 1000 in every case.
func session(ctx context.Context, conn *websocket.Conn, t *Target, want *expectation, o *Options, res *Result) *diagnosis {
	defer conn.CloseNow()
	conn.SetReadLimit(replyLimit)
	in := readAll(conn)

	pctx, cancel := context.WithTimeout(ctx, o.PingTimeout)
	began := time.Now()
	err := conn.Ping(pctx)
	timedOut := pctx.Err() != nil
	cancel()
	if err != nil {
		if timedOut {
			return failure(fmt.Sprintf("no pong within %s after the handshake", o.PingTimeout),
				"answer WebSocket pings (most libraries do while they read): clients keep connections alive through NAT with them")
		}
		return failure("the connection ended before the pong"+closedBy(in), logsHint(t))
	}
	res.PingRTT = time.Since(began)

	if want != nil {
		if d := exchange(ctx, conn, in, t, want, o, res); d != nil {
			return d
		}
	}
	// A failed close handshake is the peer's manners, not a failed deploy.
	_ = conn.Close(websocket.StatusNormalClosure, "wsdeploy smoke test done")
	return nil
}

// exchange sends the smoke message (if any) and checks the next message
// against want. Messages that came before the send are greetings, not the
// reply, and are skipped.
func exchange(ctx context.Context, conn *websocket.Conn, in *inbox, t *Target, want *expectation, o *Options, res *Result) *diagnosis {
	rctx, cancel := context.WithTimeout(ctx, o.ReplyTimeout)
	defer cancel()
	began := time.Now()
	if t.Smoke.Send != "" {
		if in.discard() != nil {
			return failure("the connection ended before the message was sent"+closedBy(in), logsHint(t))
		}
		began = time.Now()
		if err := conn.Write(rctx, websocket.MessageText, []byte(t.Smoke.Send)); err != nil {
			return failure(fmt.Sprintf("sending %q failed: %v", t.Smoke.Send, err), "")
		}
	}
	m, err := in.next(rctx)
	switch {
	case err != nil:
		return failure(fmt.Sprintf("no reply within %s (expected %s)", o.ReplyTimeout, want),
			fmt.Sprintf("make the server answer the smoke message within %s, or remove expect from the smoke block", o.ReplyTimeout))
	case m.err != nil:
		return failure(fmt.Sprintf("the connection ended before a reply (expected %s)%s", want, closedBy(in)),
			logsHint(t))
	}
	res.ReplyRTT = time.Since(began)
	if reply := string(m.data); !want.match(reply) {
		res.Received = truncate(reply, 200)
		kind := ""
		if m.typ == websocket.MessageBinary {
			kind = " (a binary message)"
		}
		return failure(fmt.Sprintf("the reply %q%s does not match expect %s", res.Received, kind, want),
			"fix the server, or the smoke block's expect (write /regex/ to match a pattern)")
	}
	return nil
}

// closedBy describes how the connection ended: "; the server closed the
// connection with 1011 ..." or "; the connection was cut ...". The reader
// may learn of the end a moment after the writer did: wait briefly.
func closedBy(in *inbox) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := in.end(ctx)
	if err == nil {
		return ""
	}
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return fmt.Sprintf("; the server closed the connection with %d %s %q", int(ce.Code), ce.Code, ce.Reason)
	}
	return "; the connection was cut without a close frame (1006): " + err.Error()
}

// logsHint points at the function's own account of what happened.
func logsHint(t *Target) string {
	return fmt.Sprintf("see the function's log (wsdeploy logs %s)", t.Function)
}

func failure(what, hint string) *diagnosis {
	return &diagnosis{action: stop, outcome: Failed, what: what, hint: hint}
}
