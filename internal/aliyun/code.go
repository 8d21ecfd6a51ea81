package aliyun

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// checkedCode fills a missing checksum and refuses a wrong one before the
// upload, which FC would refuse after it. The zip is read as a stream: a
// large one stays in its file.
func checkedCode(code *providers.Code) (*providers.Code, error) {
	if code.Len() == 0 {
		return nil, errors.New("the code package is empty")
	}
	if n := code.Len(); n > fcspec.CodeZipMaxBytes {
		// Counted as sent: base64 makes the zip a third larger.
		return nil, fmt.Errorf("the code package is a zip of %d bytes, more than the %d MB Function Compute accepts inline "+
			"(%d MB as sent, base64 making a zip a third larger): leave out what the function does not need at run time; "+
			"Function Compute takes larger zips from OSS, which wsdeploy does not upload yet", n, fcspec.CodeZipMaxBytes>>20, fcspec.CodeInlineMaxBytes>>20)
	}
	h := fcspec.NewCodeHash()
	n, err := io.Copy(h, code.Reader())
	if err != nil {
		return nil, fmt.Errorf("reading the code package: %w", err)
	}
	if n != code.Len() {
		return nil, fmt.Errorf("the code package holds %d bytes, not the %d it should", n, code.Len())
	}
	sum := fcspec.FormatCodeChecksum(h.Sum64())
	if code.Checksum != "" && code.Checksum != sum {
		return nil, fmt.Errorf("the code package's checksum is %s, but the CRC-64 of its zip is %s", code.Checksum, sum)
	}
	checked := *code
	checked.Checksum = sum
	return &checked, nil
}

// fcVersion is the API version of every FC call.
const fcVersion = "2023-03-30"

// functionBody is the JSON body of a CreateFunction or UpdateFunction
// request: in (the SDK's input struct, its Code unset) with, when code is
// not nil, code.checksum and code.zipFile, the base64 of the zip. It is
// never held whole: Reader encodes the zip as the request reads it, from
// the package's file when it has one, so that an upload costs buffers
// whatever the code's size (the SDK's methods hold the base64 four or five
// times over). Its length and SHA-256, which the signature covers, come
// from one pass over it before the first attempt.
type functionBody struct {
	head   []byte // the JSON up to the zipFile string's contents; all of it without code
	code   *providers.Code
	size   int64
	sha256 string // hex, as x-acs-content-sha256
}

// zipFileTail closes the zipFile string, the code object and the body.
const zipFileTail = `"}}`

func newFunctionBody(in any, code *providers.Code) (*functionBody, error) {
	head, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	b := &functionBody{head: head, size: int64(len(head))}
	if code != nil {
		loc, err := json.Marshal(&fc.InputCodeLocation{Checksum: dara.String(code.Checksum)})
		if err != nil {
			return nil, err
		}
		head, loc = bytes.TrimSuffix(head, []byte("}")), bytes.TrimSuffix(loc, []byte("}"))
		var w bytes.Buffer
		w.Write(head)
		if len(head) > 1 {
			w.WriteByte(',')
		}
		w.WriteString(`"code":`)
		w.Write(loc)
		if len(loc) > 1 {
			w.WriteByte(',')
		}
		w.WriteString(`"zipFile":"`)
		b.head, b.code = w.Bytes(), code
		b.size = int64(len(b.head)) + int64(base64.StdEncoding.EncodedLen(int(code.Len()))) + int64(len(zipFileTail))
	}
	h := sha256.New()
	n, err := io.Copy(h, b.Reader())
	if err != nil {
		return nil, fmt.Errorf("reading the code package: %w", err)
	}
	if n != b.size {
		return nil, fmt.Errorf("the code package ended early: %d of %d bytes of the request body", n, b.size)
	}
	b.sha256 = hex.EncodeToString(h.Sum(nil))
	return b, nil
}

// Reader reads the body from its start; each call returns a new reader,
// for each attempt.
func (b *functionBody) Reader() io.Reader {
	if b.code == nil {
		return bytes.NewReader(b.head)
	}
	return io.MultiReader(bytes.NewReader(b.head), newBase64Reader(b.code.Reader()), strings.NewReader(zipFileTail))
}

// base64Reader reads the standard base64 of what it reads from r, a chunk
// at a time: base64.NewEncoder writes, and a pipe to it would need a
// goroutine per attempt.
type base64Reader struct {
	r   io.Reader
	raw []byte // a multiple of 3 bytes, so that only the last chunk pads
	enc []byte // the encoded chunk; enc[off:] is yet to be read
	off int
	err error // r's, once it has ended
}

func newBase64Reader(r io.Reader) *base64Reader {
	const chunk = 3 << 14 // 48 KiB in, 64 KiB out
	return &base64Reader{r: r, raw: make([]byte, chunk), enc: make([]byte, 0, base64.StdEncoding.EncodedLen(chunk))}
}

func (b *base64Reader) Read(p []byte) (int, error) {
	for b.off == len(b.enc) {
		if b.err != nil {
			return 0, b.err
		}
		n, err := io.ReadFull(b.r, b.raw)
		switch err {
		case nil:
		case io.ErrUnexpectedEOF:
			b.err = io.EOF // a last, short chunk
		default:
			b.err = err // io.EOF: nothing more; or r's failure
		}
		b.enc = b.enc[:base64.StdEncoding.EncodedLen(n)]
		base64.StdEncoding.Encode(b.enc, b.raw[:n])
		b.off = 0
	}
	n := copy(p, b.enc[b.off:])
	b.off += n
	return n, nil
}
