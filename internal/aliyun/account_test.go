package aliyun

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// fakeSTS answers GetCallerIdentity on loopback, checking the ACS3
// signature as STS would.
func fakeSTS(t *testing.T, account string, status int) (addr string, calls *atomic.Int64) {
	calls = &atomic.Int64{}
	lookup := func(ak string) (string, bool) { return testSecret, ak == testAK }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		if err := fcauth.VerifyACS3(r, body, lookup, time.Now()); err != nil {
			fcError(w, http.StatusForbidden, "SignatureDoesNotMatch", err.Error())
			return
		}
		if a := r.Header.Get("x-acs-action"); a != "GetCallerIdentity" || r.Header.Get("x-acs-version") != "2015-04-01" {
			fcError(w, http.StatusBadRequest, "InvalidAction", a)
			return
		}
		if status != http.StatusOK {
			fcError(w, status, "AccessDenied", "sts:GetCallerIdentity is not allowed")
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"AccountId": account, "Arn": "acs:ram::" + account + ":user/ci", "RequestId": "sts-1"})
	}))
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String(), calls
}

func TestAccountIDFromSTS(t *testing.T) {
	g := newGateway(t)
	sts, calls := fakeSTS(t, "5556667778", http.StatusOK)
	s := g.settings()
	s.AccountID, s.Endpoint, s.STSEndpoint = "", "", sts
	p := mustNew(t, s)
	info := p.Info()
	if info.AccountID != "5556667778" || info.Endpoint != "5556667778.cn-hangzhou.fc.aliyuncs.com" || calls.Load() != 1 {
		t.Errorf("info %+v after %d STS calls", info, calls.Load())
	}

	// Given an account id, or an endpoint, STS is not asked.
	s.AccountID = testAcct
	if p := mustNew(t, s); p.Info().Endpoint != "1234567890.cn-hangzhou.fc.aliyuncs.com" || calls.Load() != 1 {
		t.Errorf("with account_id: %+v, STS calls %d", p.Info(), calls.Load())
	}
	s.AccountID, s.Endpoint = "", g.addr
	if p := mustNew(t, s); p.Info().AccountID != "" || calls.Load() != 1 {
		t.Errorf("with endpoint: %+v, STS calls %d", p.Info(), calls.Load())
	}
}

func TestAccountIDLookupRefused(t *testing.T) {
	g := newGateway(t)
	sts, _ := fakeSTS(t, "", http.StatusForbidden)
	s := g.settings()
	s.AccountID, s.Endpoint, s.STSEndpoint = "", "", sts
	cleanEnv(t)
	_, err := New(ctx, s)
	if err == nil || !strings.Contains(err.Error(), "STS GetCallerIdentity: AccessDenied (403)") || !strings.Contains(err.Error(), `set account_id in the provider "local" block`) {
		t.Errorf("error: %v", err)
	}
	sts, _ = fakeSTS(t, "", http.StatusOK)
	s.STSEndpoint = sts
	if _, err := New(ctx, s); err == nil || !strings.Contains(err.Error(), "returned none") {
		t.Errorf("empty account id: %v", err)
	}
}
