package controlapi

import (
	"net/http"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"
)

// Layers are stored as FC returns them ({arn}, in order), kept by an
// update that leaves them out, replaced by one that gives them and
// cleared by []. internetAccess defaults to true.
func TestLayersStoredKeptAndCleared(t *testing.T) {
	e := newEnv(t)
	in := fnInput("chat", zipOf(t, "v1"))
	in.Layers = dara.StringSlice([]string{"acs:fc:cn-hangzhou:official:layers/Python310/versions/2", "acs:fc:cn-hangzhou:1:layers/a/versions/1"})
	e.create(in)
	steps := []struct{ name, body, want string }{
		{"created", `{"description":"x"}`, `[{"arn":"acs:fc:cn-hangzhou:official:layers/Python310/versions/2"},{"arn":"acs:fc:cn-hangzhou:1:layers/a/versions/1"}]`},
		{"null keeps them", `{"layers":null}`, `[{"arn":"acs:fc:cn-hangzhou:official:layers/Python310/versions/2"},{"arn":"acs:fc:cn-hangzhou:1:layers/a/versions/1"}]`},
		{"replaced", `{"layers":["acs:fc:cn-hangzhou:1:layers/a/versions/2"]}`, `[{"arn":"acs:fc:cn-hangzhou:1:layers/a/versions/2"}]`},
		{"cleared", `{"layers":[]}`, `[]`},
	}
	for _, st := range steps {
		if rec := e.raw(http.MethodPut, "/2023-03-30/functions/chat", st.body); rec.Code != http.StatusOK {
			t.Fatalf("%s: UpdateFunction %s: %d %s", st.name, st.body, rec.Code, rec.Body)
		}
		resp, err := e.client.GetFunction(dara.String("chat"), &fc.GetFunctionRequest{})
		if err != nil {
			t.Fatal(err)
		}
		if got := jsonText(t, resp.Body.Layers); got != st.want {
			t.Errorf("%s: layers = %s, want %s", st.name, got, st.want)
		}
		if !dara.BoolValue(resp.Body.InternetAccess) {
			t.Errorf("%s: internetAccess = %v, want FC's default true", st.name, resp.Body.InternetAccess)
		}
	}
}
