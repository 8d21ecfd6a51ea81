package views

import (
	"fmt"

	"github.com/wsdeploy/wsdeploy/internal/engine/smoke"
	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

type smokeJSON struct{ *JSON }

func (v *smokeJSON) Progress(e smoke.Event) {
	t := e.Target
	switch e.Type {
	case smoke.Started:
		domain := ""
		if t.Domain != nil {
			domain = t.Domain.Host
		}
		v.emit(jsonstream.Info, fmt.Sprintf("function.%s: smoke testing %s", t.Function, t.Via()), jsonstream.SmokeStart{
			Smoke: jsonstream.SmokeTarget{Function: t.Function, FCName: t.FCName, Trigger: t.Trigger, Domain: domain, URL: t.URL,
				AuthType: t.AuthType, Change: triggerChanges[t.Change.Kind], TimeoutSeconds: t.Smoke.Timeout.Seconds()},
		})
	case smoke.Finished:
		r := e.Result
		level, msg := jsonstream.Info, fmt.Sprintf("function.%s: smoke test passed", r.Function)
		if r.Outcome != smoke.OK {
			level, msg = jsonstream.Error, fmt.Sprintf("function.%s: smoke test %s: %s", r.Function, smokeOutcomes[r.Outcome], oneLine(r.Reason))
		}
		v.emit(level, msg, jsonstream.SmokeResultMessage{Smoke: newSmokeResult(r)})
	}
}

func newSmokeResult(r *smoke.Result) jsonstream.SmokeResult {
	j := jsonstream.SmokeResult{
		Function: r.Function, FCName: r.FCName, Trigger: r.Trigger, Domain: r.Domain, URL: r.URL,
		Outcome: smokeOutcomes[r.Outcome], Reason: r.Reason, Hint: r.Hint, Received: r.Received, Attempts: r.Attempts,
		WaitedSeconds: r.Waited.Seconds(), HandshakeSeconds: r.Handshake.Seconds(),
		PingRTTSeconds: r.PingRTT.Seconds(), ReplyRTTSeconds: r.ReplyRTT.Seconds(),
	}
	if a := r.Answer; a != nil {
		j.Answer = &jsonstream.SmokeAnswer{Status: a.Status, ErrorType: a.ErrorType, ErrorCode: a.Code, Message: a.Message, RequestID: a.RequestID}
	}
	return j
}

func (v *smokeJSON) Summary(s *smoke.Summary) {
	level, msg := jsonstream.Info, fmt.Sprintf("Smoke test passed: %d of %d", s.Count(smoke.OK), len(s.Results))
	if s.ExitCode() != 0 {
		level, msg = jsonstream.Error, fmt.Sprintf("Smoke test failed: %d failed, %d unreachable, %d passed",
			s.Count(smoke.Failed), s.Count(smoke.Unreachable), s.Count(smoke.OK))
	}
	v.emit(level, msg, jsonstream.SmokeSummary{Summary: jsonstream.SmokeCounts{
		OK: s.Count(smoke.OK), Failed: s.Count(smoke.Failed), Unreachable: s.Count(smoke.Unreachable), ExitCode: s.ExitCode(),
	}})
}
