package aliyun

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// The body holds what the SDK would send for the same input: the input's
// fields, and code with the zip's base64 and checksum; its size and
// SHA-256 are those of what Reader reads, every time it is read, whether
// the zip is in memory or in a file.
func TestFunctionBody(t *testing.T) {
	zip := []byte("PK\x03\x04 not really a zip \xff\x00")
	for _, code := range []*providers.Code{
		{Zip: zip, Checksum: "42"},
		{File: bytes.NewReader(zip), Size: int64(len(zip)), Checksum: "42"},
	} {
		for _, in := range []any{
			&fc.UpdateFunctionInput{},
			&fc.CreateFunctionInput{FunctionName: dara.String("f"), Description: dara.String(`"quoted" {}`),
				EnvironmentVariables: map[string]*string{"K": dara.String("v")}},
		} {
			b, err := newFunctionBody(in, code)
			if err != nil {
				t.Fatal(err)
			}
			body := readBody(t, b)
			var got struct{ Code fc.InputCodeLocation }
			var fields map[string]json.RawMessage
			if json.Unmarshal(body, &got) != nil || json.Unmarshal(body, &fields) != nil {
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
			plain, err := newFunctionBody(in, nil)
			if err != nil || string(readBody(t, plain)) != string(want) {
				t.Errorf("without code: %v %s, want %s", err, readBody(t, plain), want)
			}
		}
	}
}

// readBody reads b twice (an attempt and its retry), checking each read
// against b's size and hash.
func readBody(t *testing.T, b *functionBody) []byte {
	t.Helper()
	var first []byte
	for range 2 {
		body, err := io.ReadAll(b.Reader())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(body)
		if int64(len(body)) != b.size || hex.EncodeToString(sum[:]) != b.sha256 {
			t.Fatalf("read %d bytes hashing %x; the body says %d bytes hashing %s", len(body), sum, b.size, b.sha256)
		}
		if first != nil && !bytes.Equal(body, first) {
			t.Fatal("a second read differs from the first")
		}
		first = body
	}
	return first
}

// base64Reader is base64.StdEncoding at every length around its chunk
// boundary, whatever the sizes of the reads on either side.
func TestBase64Reader(t *testing.T) {
	const chunk = 3 << 14
	src := make([]byte, 2*chunk+5)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range src {
		src[i] = byte(r.Uint32())
	}
	for _, n := range []int{0, 1, 2, 3, 4, chunk - 1, chunk, chunk + 1, chunk + 2, 2 * chunk, 2*chunk + 5} {
		want := base64.StdEncoding.EncodeToString(src[:n])
		for name, in := range map[string]io.Reader{
			"whole":     bytes.NewReader(src[:n]),
			"byte-wise": iotest.OneByteReader(bytes.NewReader(src[:n])),
		} {
			got, err := io.ReadAll(iotest.HalfReader(newBase64Reader(in)))
			if err != nil || string(got) != want {
				t.Errorf("%d bytes, %s: %v; the output differs from base64.StdEncoding (%d bytes, want %d)", n, name, err, len(got), len(want))
			}
		}
	}
	if err := iotest.TestReader(newBase64Reader(bytes.NewReader(src)), []byte(base64.StdEncoding.EncodeToString(src))); err != nil {
		t.Error(err)
	}
	// The source's failure is the reader's.
	_, err := io.ReadAll(newBase64Reader(iotest.ErrReader(io.ErrClosedPipe)))
	if err != io.ErrClosedPipe {
		t.Errorf("a failing source: %v", err)
	}
}

// A file shorter than the Code says is refused before anything is sent.
func TestShortCodeFileRefused(t *testing.T) {
	code := &providers.Code{File: strings.NewReader("PK-short"), Size: 100}
	if _, err := checkedCode(code); err == nil || !strings.Contains(err.Error(), "holds 8 bytes, not the 100") {
		t.Errorf("checkedCode: %v", err)
	}
	if _, err := newFunctionBody(&fc.CreateFunctionInput{}, code); err == nil || !strings.Contains(err.Error(), "ended early") {
		t.Errorf("newFunctionBody: %v", err)
	}
}

// A zip over FC's inline limit is refused as sent, naming the limit and
// the way out, before it is read or anything is sent.
func TestOversizedCodeRefused(t *testing.T) {
	code := &providers.Code{File: strings.NewReader(""), Size: fcspec.CodeZipMaxBytes + 1} // read, it would be short
	_, err := checkedCode(code)
	if err == nil || !strings.Contains(err.Error(), "more than the 75 MB Function Compute accepts inline (100 MB as sent") || !strings.Contains(err.Error(), "OSS") {
		t.Errorf("checkedCode of a zip over the limit: %v", err)
	}
	at := &providers.Code{File: strings.NewReader(""), Size: fcspec.CodeZipMaxBytes}
	if _, err := checkedCode(at); err == nil || strings.Contains(err.Error(), "inline") {
		t.Errorf("a zip at the limit is not refused for its size, but it is short here: %v", err)
	}
}
