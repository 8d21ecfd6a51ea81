package slslogs

import (
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"

	"github.com/wsdeploy/wsdeploy/internal/aliyun/slslogs/slstest"
)

func testConfig(t *testing.T, endpoint string, now func() time.Time) Config {
	cred, err := credentials.NewCredential(&credentials.Config{Type: strPtr("access_key"),
		AccessKeyId: strPtr(slstest.AK), AccessKeySecret: strPtr(slstest.Secret)})
	if err != nil {
		t.Fatal(err)
	}
	return Config{Endpoint: endpoint, Credential: cred, Now: now, Poll: 10 * time.Millisecond, Lag: time.Second}
}

func strPtr(s string) *string { return &s }
