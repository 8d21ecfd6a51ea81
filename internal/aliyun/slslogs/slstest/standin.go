package slstest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// StandIn is a loopback stand-in for SLS, for tests only: the real SLS
// cannot run here (no network). It answers GetLogs that answers GetLogs in SLS's shape: GET
// /logstores/<logstore>?type=log&from&to&query&line&offset&reverse on the
// host <project>.<endpoint>, a JSON array of rows whose values are strings,
// x-log-progress, and SLS's {"errorCode","errorMessage"} errors.

// The key pair the stand-in accepts: requests must be signed with AK (SLS's
// "LOG <ak>:<signature>"), and Secret must never travel.
const (
	AK     = "LTAItestkeyid"
	Secret = "sls-secret-never-shown-123"
)

// Row is one line FC wrote: its second, function, instance and message.
type Row struct {
	Sec      int64
	Function string
	Instance string
	Message  string
}

// Line is a Row.
func Line(sec int64, function, instance, message string) Row {
	return Row{Sec: sec, Function: function, Instance: instance, Message: message}
}

// StandIn serves one project's logstore.
type StandIn struct {
	project  string
	logstore string

	mu         sync.Mutex
	rows       []Row
	incomplete int
	fail       string
	calls      int
}

// New starts a stand-in for project/logstore on loopback and returns it
// with its endpoint ("http://127.0.0.1:PORT").
func New(t testing.TB, project, logstore string) (*StandIn, string) {
	s := &StandIn{project: project, logstore: logstore}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, "http://" + srv.Listener.Addr().String()
}

// Add stores rows.
func (s *StandIn) Add(rows ...Row) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = append(s.rows, rows...)
}

// AnswerIncomplete makes the next n calls answer Incomplete with no rows.
func (s *StandIn) AnswerIncomplete(n int) { s.mu.Lock(); s.incomplete = n; s.mu.Unlock() }

// Fail makes every call fail with SLS's error code.
func (s *StandIn) Fail(code string) { s.mu.Lock(); s.fail = code; s.mu.Unlock() }

// Calls is the number of requests served.
func (s *StandIn) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

func (s *StandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	host, _, _ := strings.Cut(r.Host, ":")
	auth := r.Header.Get("Authorization")
	switch {
	case r.Method != http.MethodGet || r.URL.Path != "/logstores/"+s.logstore || r.URL.Query().Get("type") != "log":
		s.errorf(w, http.StatusNotFound, "LogStoreNotExist", "no %s %s", r.Method, r.URL.Path)
		return
	case !strings.HasPrefix(host, s.project+"."):
		s.errorf(w, http.StatusNotFound, "ProjectNotExist", "host %q does not name project %q", r.Host, s.project)
		return
	case !strings.HasPrefix(auth, "LOG "+AK+":") || strings.Contains(auth, Secret):
		s.errorf(w, http.StatusUnauthorized, "Unauthorized", "bad Authorization %q", auth)
		return
	case s.fail != "":
		s.errorf(w, http.StatusNotFound, s.fail, "The project does not exist : %s", s.project)
		return
	}
	if s.incomplete > 0 {
		s.incomplete--
		w.Header().Set("x-log-progress", "Incomplete")
		_, _ = w.Write([]byte("[]"))
		return
	}
	q := r.URL.Query()
	num := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	from, to, offset, line := num("from"), num("to"), num("offset"), num("line")
	var fn string
	if _, err := fmt.Sscanf(q.Get("query"), "functionName: %q", &fn); err != nil || q.Get("reverse") != "false" {
		s.errorf(w, http.StatusBadRequest, "ParameterInvalid", "query %q reverse %q", q.Get("query"), q.Get("reverse"))
		return
	}
	var out []map[string]string
	for _, rw := range s.rows {
		if rw.Function == fn && rw.Sec >= from && rw.Sec < to {
			out = append(out, map[string]string{"__time__": strconv.FormatInt(rw.Sec, 10), "functionName": rw.Function,
				"instanceID": rw.Instance, "requestId": "req-" + rw.Message, "message": rw.Message, "qualifier": fcspec.QualifierLatest})
		}
	}
	out = out[min(offset, int64(len(out))):]
	out = out[:min(line, int64(len(out)))]
	w.Header().Set("x-log-progress", "Complete")
	w.Header().Set("x-log-count", strconv.Itoa(len(out)))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func (s *StandIn) errorf(w http.ResponseWriter, status int, code, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-log-requestid", "standin-request")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"errorCode": code, "errorMessage": fmt.Sprintf(format, args...)})
}
