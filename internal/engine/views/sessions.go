package views

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/wire/jsonstream"
)

// Session is one session of a function with session affinity, as
// `wsdeploy sessions` shows it; its JSON is the -json stream's.
type Session = jsonstream.Session

// Sessions shows a function's sessions and their ending.
type Sessions interface {
	Base
	// List: the sessions of function (its block label), oldest first.
	List(function string, sessions []Session)
	// Ended: a session was deleted.
	Ended(function, id string)
}

// NewSessions builds the sessions view on base.
func NewSessions(base Base) Sessions {
	return pick(base,
		func(h *Human) Sessions { return &sessionsHuman{h} },
		func(j *JSON) Sessions { return &sessionsJSON{j} })
}

type sessionsHuman struct{ *Human }

func (v *sessionsHuman) List(function string, sessions []Session) {
	out := v.Streams.Stdout
	if len(sessions) == 0 {
		fmt.Fprintf(out, "Function %s has no sessions: no connection has carried a session id yet.\n", function)
		return
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "SESSION\tINSTANCE\tSTATUS\tCREATED\tLAST ACTIVE\tTTL\tIDLE")
	for _, s := range sessions {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, dash(s.Instance), dash(s.Status), dash(s.Created), dash(s.LastActive),
			secondsText(s.TTLSeconds), secondsText(s.IdleTimeoutSeconds))
	}
	w.Flush()
}

func (v *sessionsHuman) Ended(function, id string) {
	fmt.Fprintln(v.Streams.Stdout, endedText(function, id))
}

type sessionsJSON struct{ *JSON }

func (v *sessionsJSON) List(function string, sessions []Session) {
	if sessions == nil {
		sessions = []Session{} // "sessions": [], never null
	}
	v.emit(jsonstream.Info, fmt.Sprintf("%d sessions of function %s", len(sessions), function),
		jsonstream.Sessions{Function: function, Sessions: sessions})
}

func (v *sessionsJSON) Ended(function, id string) {
	v.emit(jsonstream.Info, endedText(function, id), jsonstream.SessionDeleted{Function: function, ID: id})
}

func endedText(function, id string) string {
	return fmt.Sprintf("Ended session %s of function %s: its id no longer binds an instance.", id, function)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// secondsText shows a TTL or idle timeout: "6h0m0s", "30m0s"; 0 is "0s".
func secondsText(n int) string {
	if n < 0 {
		return strconv.Itoa(n) + "s"
	}
	return (time.Duration(n) * time.Second).String()
}
