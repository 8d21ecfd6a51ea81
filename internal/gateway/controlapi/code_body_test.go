package controlapi

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
)

// FuzzSplitCode checks splitCode against encoding/json, which the handler
// used on whole bodies before: a body json.Unmarshal accepts splits, the
// rest decodes to the same input, and code.zipFile streams out byte for
// byte; a body it refuses is refused by the split or by decoding the rest.
func FuzzSplitCode(f *testing.F) {
	for _, s := range []string{
		``, ` `, `{}`, `[]`, `"x"`, `null`, `{"code":null}`, `{"code":{}}`, `{"code":{"zipFile":""}}`,
		`{"functionName":"f","code":{"zipFile":"UEsDBA==","checksum":"1"},"timeout":3}`,
		`{"CODE":{"ZIPFILE":"QUJD\n\/+=","zipfile":"TEFTVA=="}}`,
		`{"code":{"zip\u0046ile":"\u0041\ud83d\ude00\ud800x\t"}}`,
		`{"description":"{\"code\":{\"zipFile\":1}}","code":{"zipFile":"A"},"code":{"checksum":"2"}}`,
		`{"layers":[{"code":{"zipFile":"nested"}}],"environmentVariables":{"code":"x"}}`,
		`{"code":{"zipFile":1e3}}`, `{"code":{"zipFile":"abc`, `{"code":{"zipFile":"a\u12"}}`,
		`{"code":{"zipFile":"a` + "\x01" + `"}}`, `{"a":1} x`, `{"a" 1}`, `{"a":1,}`, `[1 2]`, `{"a":tru}`,
		strings.Repeat("[", 10001),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var streamed []byte
		rest, err := splitCode(strings.NewReader(body), func(r io.Reader) (err error) {
			streamed, err = io.ReadAll(r)
			return err
		})
		var want, got fc.CreateFunctionInput
		wantErr := decodeBody([]byte(body), &want)
		if err == nil {
			err = decodeBody(rest, &got)
		}
		if (wantErr == nil) != (err == nil) {
			if errors.Is(err, errRestTooBig) {
				return
			}
			t.Fatalf("%q: split and decode: %v; encoding/json: %v", body, err, wantErr)
		}
		if wantErr != nil {
			return
		}
		if zf := got.Code; zf != nil && zf.ZipFile != nil && *zf.ZipFile == zipFilePlaceholder {
			if utf8.Valid(streamed) && string(streamed) != *want.Code.ZipFile {
				t.Fatalf("%q: streamed %q, want %q", body, streamed, *want.Code.ZipFile)
			}
			zf.ZipFile = want.Code.ZipFile
		}
		a, _ := json.Marshal(&want)
		b, _ := json.Marshal(&got)
		if string(a) != string(b) && utf8.ValidString(body) {
			t.Fatalf("%q: rest decodes to %s, want %s", body, b, a)
		}
	})
}
