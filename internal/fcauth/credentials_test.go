package fcauth_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

func TestCredentialsNeverPrintTheSecret(t *testing.T) {
	c := fcauth.Credentials{AccessKeyID: testAK, AccessKeySecret: testSecret, SecurityToken: "sts-token-must-not-leak"}
	var outs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		outs = append(outs, fmt.Sprintf(verb, c), fmt.Sprintf(verb, &c))
	}
	outs = append(outs, c.String(), fmt.Sprint(struct{ C fcauth.Credentials }{c}))
	j, err := json.Marshal(struct{ C fcauth.Credentials }{c})
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	slog.New(slog.NewJSONHandler(&logs, nil)).Info("creds", "c", c)
	outs = append(outs, string(j), logs.String())

	for _, out := range outs {
		if strings.Contains(out, testSecret) || strings.Contains(out, "sts-token-must-not-leak") {
			t.Errorf("leaked: %s", out)
		}
		if !strings.Contains(out, testAK) && !strings.Contains(out, "Credentials") {
			t.Errorf("says nothing useful: %s", out)
		}
	}
	if got := c.String(); got != `Credentials{AccessKeyID: "LTAI5tWsDeployTestKey", AccessKeySecret: "****", SecurityToken: "****"}` {
		t.Errorf("String() = %s", got)
	}
	if got := (fcauth.Credentials{AccessKeyID: "a"}).String(); !strings.Contains(got, `AccessKeySecret: ""`) {
		t.Errorf("an unset secret should read as unset: %s", got)
	}
}
