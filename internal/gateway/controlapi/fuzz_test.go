package controlapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/internal/gateway/codezip"
	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
)

// FuzzCreateFunctionBody sends arbitrary bodies to CreateFunction: the
// handler must never panic, and must always answer either a function (200)
// or FC's error body with a code and the request id of the header.
func FuzzCreateFunctionBody(f *testing.F) {
	dir := f.TempDir()
	st, err := store.Open(dir + "/state")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	lim := codezip.DefaultLimits
	lim.MaxUnpackedBytes = 1 << 20
	h, err := New(Config{Store: st, Code: codezip.Layout{Root: dir + "/code", Limits: lim},
		Region: testRegion, AccountID: testAcct, Now: func() time.Time { return time.Unix(1700000000, 0) }})
	if err != nil {
		f.Fatal(err)
	}

	valid := fnInput("fuzz", zipOf(f, "x"))
	valid.EnvironmentVariables = map[string]*string{"A": dara.String("b")}
	sdkLike, _ := json.Marshal(valid) // with the SDK's nulls for unset lists and maps
	f.Add(string(sdkLike))
	f.Add(strings.Replace(string(sdkLike), `"fuzz"`, `"fuzz2"`, 1))
	f.Add(`{"functionName":"a","runtime":"custom-container","handler":"h","customContainerConfig":{"image":"x","port":null}}`)
	f.Add(`{"functionName":"a","runtime":"custom.debian12","handler":"h","code":null,"customRuntimeConfig":null,"tags":[null]}`)
	f.Add(`{"functionName":"a","runtime":"custom","handler":"h","cpu":1e39,"memorySize":-1,"timeout":1.5}`)
	f.Add(`{"functionName":"a","environmentVariables":{"K":null},"tags":[{"Key":null}]}`)
	f.Add(`{"functionName":"a","runtime":"custom","handler":"h","code":{"zipFile":"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==","checksum":""}}`)
	f.Add(`[]`)
	f.Add(``)
	f.Add(`{"functionName":`)
	f.Add(`null`)

	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/2023-03-30/functions", strings.NewReader(body)))
		id := rec.Header().Get("x-acs-request-id")
		if id == "" {
			t.Fatal("no x-acs-request-id")
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
			t.Fatalf("Content-Type %q", ct)
		}
		if rec.Code == http.StatusOK {
			var fn fc.Function
			if err := json.Unmarshal(rec.Body.Bytes(), &fn); err != nil || dara.StringValue(fn.FunctionName) == "" || fn.FunctionId == nil {
				t.Fatalf("200 without a function: %s (%v)", rec.Body, err)
			}
			return
		}
		var e struct{ Code, Message, RequestId string }
		if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code == "" || e.Message == "" || e.RequestId != id {
			t.Fatalf("%d with a body that is not FC's error: %s (%v)", rec.Code, rec.Body, err)
		}
		if rec.Code >= 500 {
			t.Fatalf("server error for a client's body: %s", rec.Body)
		}
	})
}
