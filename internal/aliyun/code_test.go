package aliyun

import (
	"encoding/base64"
	"encoding/json"
	"testing"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
)

// codeBody writes what the SDK would send for the same input: the input's
// fields, and code with the zip's base64 and checksum.
func TestCodeBody(t *testing.T) {
	zip := []byte("PK\x03\x04 not really a zip \xff\x00")
	code := &providers.Code{Zip: zip, Checksum: "42"}
	for _, in := range []any{
		&fc.UpdateFunctionInput{},
		&fc.CreateFunctionInput{FunctionName: dara.String("f"), Description: dara.String(`"quoted" {}`),
			EnvironmentVariables: map[string]*string{"K": dara.String("v")}},
	} {
		body, err := codeBody(in, code)
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ Code fc.InputCodeLocation }
		var fields map[string]json.RawMessage
		if json.Unmarshal([]byte(body), &got) != nil || json.Unmarshal([]byte(body), &fields) != nil {
			t.Fatalf("not JSON: %s", body)
		}
		if dara.StringValue(got.Code.ZipFile) != base64.StdEncoding.EncodeToString(zip) || dara.StringValue(got.Code.Checksum) != "42" {
			t.Errorf("code = %s", dara.Prettify(got.Code))
		}
		delete(fields, "code")
		want, _ := json.Marshal(in)
		if again, _ := json.Marshal(fields); string(again) != string(want) {
			t.Errorf("fields: %s, want %s", again, want)
		}
		if plain, _ := codeBody(in, nil); plain != string(want) {
			t.Errorf("without code: %s, want %s", plain, want)
		}
	}
}
