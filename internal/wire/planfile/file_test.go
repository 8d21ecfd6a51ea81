package planfile

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// Write stamps the version this package writes, whatever the caller set:
// the file's version is the format's, not the engine's.
func TestWriteStampsTheVersion(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, File{Stack: "s", StackHash: "h", FormatVersion: 7}); err != nil {
		t.Fatal(err)
	}
	f, err := Read(&b)
	if err != nil || f.FormatVersion != FormatVersion {
		t.Fatalf("read back %+v, %v", f, err)
	}
}

func TestReadRefusesWhatIsNoPlanFile(t *testing.T) {
	for src, want := range map[string]string{
		"PK\x03\x04":                "not a wsdeploy plan file: invalid character",
		`{"format_version": "1.0"}`: "not a wsdeploy plan file: json: cannot unmarshal string",
		`[1]`:                       "not a wsdeploy plan file: json: cannot unmarshal array",
		`{"format_version": 1}`:     "no stack or stack hash",
		`{"format_version": 1, "stack": "s", "stack_hash": "h", "changes": [{"address": "a", "desired": {}}]}`: `unknown field "desired"`,
	} {
		_, err := Read(strings.NewReader(src))
		var ve *VersionError
		if err == nil || !strings.Contains(err.Error(), want) || errors.As(err, &ve) {
			t.Errorf("%q: %v, want %q", src, err, want)
		}
	}
}
