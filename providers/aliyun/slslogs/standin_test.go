package slslogs

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
)

// The real SLS cannot run here (no network), so these tests talk to a
// loopback stand-in that answers GetLogs in SLS's shape: GET
// /logstores/<logstore>?type=log&from&to&query&line&offset&reverse on the
// host <project>.<endpoint>, a JSON array of rows whose values are strings,
// x-log-progress, and SLS's {"errorCode","errorMessage"} errors.

const (
	testAK     = "LTAItestkeyid"
	testSecret = "sls-secret-never-shown-123"
)

type row struct {
	sec      int64
	function string
	instance string
	message  string
}

type standIn struct {
	t        *testing.T
	project  string
	logstore string

	mu         sync.Mutex
	rows       []row
	incomplete int // answer this many calls Incomplete (with no rows) first
	fail       string
	calls      int
}

func newStandIn(t *testing.T, project, logstore string) (*standIn, string) {
	s := &standIn{t: t, project: project, logstore: logstore}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, "http://" + srv.Listener.Addr().String()
}

func (s *standIn) add(rows ...row) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = append(s.rows, rows...)
}

func (s *standIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
	case !strings.HasPrefix(auth, "LOG "+testAK+":") || strings.Contains(auth, testSecret):
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
		if rw.function == fn && rw.sec >= from && rw.sec < to {
			out = append(out, map[string]string{"__time__": strconv.FormatInt(rw.sec, 10), "functionName": rw.function,
				"instanceID": rw.instance, "requestId": "req-" + rw.message, "message": rw.message, "qualifier": "LATEST"})
		}
	}
	out = out[min(offset, int64(len(out))):]
	out = out[:min(line, int64(len(out)))]
	w.Header().Set("x-log-progress", "Complete")
	w.Header().Set("x-log-count", strconv.Itoa(len(out)))
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func (s *standIn) errorf(w http.ResponseWriter, status int, code, format string, args ...any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("x-log-requestid", "standin-request")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"errorCode": code, "errorMessage": fmt.Sprintf(format, args...)})
}

func testConfig(t *testing.T, endpoint string, now func() time.Time) Config {
	cred, err := credentials.NewCredential(&credentials.Config{Type: strPtr("access_key"),
		AccessKeyId: strPtr(testAK), AccessKeySecret: strPtr(testSecret)})
	if err != nil {
		t.Fatal(err)
	}
	return Config{Endpoint: endpoint, Credential: cred, Now: now, Poll: 10 * time.Millisecond, Lag: time.Second}
}

func strPtr(s string) *string { return &s }
