package aliyun

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// checkedCode fills a missing checksum and refuses a wrong one before the
// upload, which FC would refuse after it.
func checkedCode(code *providers.Code) (*providers.Code, error) {
	if len(code.Zip) == 0 {
		return nil, errors.New("the code package is empty")
	}
	sum := fcspec.CodeChecksum(code.Zip)
	if code.Checksum != "" && code.Checksum != sum {
		return nil, fmt.Errorf("the code package's checksum is %s, but the CRC-64 of its zip is %s", code.Checksum, sum)
	}
	return &providers.Code{Zip: code.Zip, Checksum: sum}, nil
}

// fcVersion is the API version of every FC call.
const fcVersion = "2023-03-30"

// codeBody is the JSON body of a CreateFunction or UpdateFunction request:
// in (the SDK's input struct, its Code unset) with, when code is not nil,
// code.checksum and code.zipFile, the base64 of the zip written once,
// straight into the string the request is sent from. The SDK's methods
// would hold the base64 four or five times over (a string in the struct,
// then JSON, a map of it, and JSON again); this string is all the request
// needs, and the SDK copies it once more, to hash it.
func codeBody(in any, code *providers.Code) (string, error) {
	head, err := json.Marshal(in)
	if err != nil || code == nil {
		return string(head), err
	}
	loc, err := json.Marshal(&fc.InputCodeLocation{Checksum: dara.String(code.Checksum)})
	if err != nil {
		return "", err
	}
	head, loc = bytes.TrimSuffix(head, []byte("}")), bytes.TrimSuffix(loc, []byte("}"))
	var b strings.Builder
	b.Grow(len(head) + len(loc) + base64.StdEncoding.EncodedLen(len(code.Zip)) + 32)
	b.Write(head)
	if len(head) > 1 {
		b.WriteByte(',')
	}
	b.WriteString(`"code":`)
	b.Write(loc)
	if len(loc) > 1 {
		b.WriteByte(',')
	}
	b.WriteString(`"zipFile":"`)
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	enc.Write(code.Zip) // a strings.Builder never fails
	enc.Close()
	b.WriteString(`"}}`)
	return b.String(), nil
}

// sendFunction makes one attempt of CreateFunction (POST) or
// UpdateFunction (PUT, path naming the function) with body from codeBody,
// as the SDK's methods of those names send it.
func (p *Provider) sendFunction(ctx context.Context, action, method, path, body string) error {
	params := &openapiutil.Params{
		Action: dara.String(action), Version: dara.String(fcVersion), Protocol: dara.String("HTTPS"),
		Pathname: dara.String(path), Method: dara.String(method), AuthType: dara.String("AK"),
		Style: dara.String("ROA"), ReqBodyType: dara.String("json"), BodyType: dara.String("json"),
	}
	_, err := p.fc.CallApiWithCtx(ctx, params, &openapiutil.OpenApiRequest{Headers: noHeaders(), Body: body}, runtime())
	return err
}
