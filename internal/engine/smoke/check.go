package smoke

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"
)

// check runs one target: connect (waiting out propagation), then the
// session, and says how it went. It holds a turn of tn while it dials and
// while its connection is open.
func check(ctx context.Context, t *Target, client *http.Client, o *Options, tn turns, emit func(Event)) Result {
	res := Result{Function: t.Function, FCName: t.FCName, Trigger: t.Trigger, URL: t.URL, Outcome: OK}
	if t.Domain != nil {
		res.Domain = t.Domain.Host
	}
	d := func() *diagnosis {
		if t.URL == "" {
			return &diagnosis{action: stop, outcome: Unreachable,
				what: t.what() + " has no URL: it was not created",
				hint: "fix the errors apply reported and run wsdeploy apply again"}
		}
		want, err := expectationOf(t.Smoke)
		if err != nil {
			return failure(err.Error(), "fix expect in the smoke block")
		}
		if !tn.take(ctx) {
			return failure("interrupted: "+context.Cause(ctx).Error(), "")
		}
		conn, d := connect(ctx, t, client, o, tn, &res, emit)
		if d != nil {
			return d
		}
		defer tn.give()
		return session(ctx, conn, t, want, o, &res)
	}()
	if d != nil {
		res.Outcome, res.Reason, res.Hint = d.outcome, d.what, d.hint
	}
	return res
}

// connect dials until a handshake succeeds, an answer says waiting is
// pointless, or the target's deadline passes. It is called holding a turn
// of tn, keeps it on success, and otherwise gives it back; between
// attempts it holds none.
func connect(ctx context.Context, t *Target, client *http.Client, o *Options, tn turns, res *Result, emit func(Event)) (*websocket.Conn, *diagnosis) {
	start := time.Now()
	dctx, cancel := context.WithTimeout(ctx, t.timeout())
	defer cancel()
	changed := t.Change.At
	if changed.IsZero() {
		changed = start
	}
	var expect time.Time
	if t.Change.Kind != Unchanged {
		expect = changed.Add(o.PropagationWindow)
	}
	windowEnd := changed.Add(o.updateWindow())
	pace := newBackoff(expect)
	var last *diagnosis
	var lastBegan time.Time
	for held := true; ; held = false {
		if !held && !tn.take(dctx) {
			res.Waited = time.Since(start)
			return nil, gaveUp(ctx, t, res, last, false)
		}
		res.Attempts++
		began := time.Now()
		conn, d := dial(dctx, client, t)
		res.Waited = began.Sub(start)
		if d == nil {
			res.Handshake = time.Since(began)
			return conn, nil
		}
		tn.give()
		if dctx.Err() != nil && d.answer == nil { // the deadline cut the attempt
			return nil, gaveUp(ctx, t, res, last, true)
		}
		prev, prevBegan := last, lastBegan
		last, lastBegan = d, began
		if d.answer != nil {
			res.Answer = d.answer
		}
		switch {
		case d.action == stop:
			return nil, d
		case d.action == unresolved && prev != nil && prev.action == unresolved:
			d.action = stop
			d.what += fmt.Sprintf(", twice %s apart: the name does not exist in DNS", seconds(began.Sub(prevBegan)))
			return nil, d
		case d.action == retryWindow && !time.Now().Before(windowEnd):
			d.what += fmt.Sprintf(" %s after the trigger was updated: FC serves a change within about %s", seconds(time.Since(changed)), o.PropagationWindow)
			return nil, d
		case d.action == retryCapacity:
			pace.slower()
		}
		emit(Event{Type: Waiting, Target: t, Attempt: res.Attempts, Waited: time.Since(start), Last: d.what})
		delay := pace.delay(time.Now())
		if d.action == unresolved {
			delay = dnsConfirm
		}
		timer := time.NewTimer(delay)
		select {
		case <-dctx.Done():
			timer.Stop()
			res.Waited = time.Since(start)
			return nil, gaveUp(ctx, t, res, last, false)
		case <-timer.C:
		}
	}
}

// gaveUp is the end of a target that never connected: unreachable when
// its deadline passed, failed when the caller gave up (ctx). inFlight says
// that the deadline cut an attempt that had no answer yet.
func gaveUp(ctx context.Context, t *Target, res *Result, last *diagnosis, inFlight bool) *diagnosis {
	if ctx.Err() != nil {
		return failure("interrupted: "+context.Cause(ctx).Error(), "")
	}
	d := &diagnosis{action: stop, outcome: Unreachable}
	what := fmt.Sprintf("%s was not reachable within %s (%d attempts)", t.what(), t.timeout(), res.Attempts)
	switch {
	case inFlight:
		d.what = what + ": the last handshake got no answer before the deadline"
		d.hint = "the function's cold start may take longer than the smoke timeout: raise smoke { timeout = \"2m\" }"
		if last != nil {
			// The answers before the cut say more than the cut itself.
			d.what += "; before it, " + last.what
			d.hint, d.answer = last.hint+"; or "+d.hint, last.answer
		}
	case last != nil:
		d.what, d.hint, d.answer = what+"; last attempt: "+last.what, last.hint, last.answer
	}
	return d
}

// seconds is a duration rounded for messages: "12s", "0.4s".
func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
