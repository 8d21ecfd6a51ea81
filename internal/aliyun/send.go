package aliyun

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	"github.com/alibabacloud-go/tea/dara"
)

// sendFunction makes one attempt of CreateFunction (POST) or
// UpdateFunction (PUT, path naming the function) with body. The SDK cannot
// send a body it does not hold: CallApi hashes and sends a string, and
// reads an OpenApiRequest.Stream whole (as application/octet-stream). So
// the request is built here as the SDK's DoRequest builds it, with the
// same headers and the SDK's own ACS3 signature (openapiutil's
// GetAuthorization) over the SHA-256 computed beforehand, and goes through
// the Provider's transport with an exact Content-Length, the body read
// from the package as it is sent. GetBody lets the transport replay it.
func (p *Provider) sendFunction(ctx context.Context, action, method, path string, body *functionBody) error {
	c := p.fc
	cred, err := c.Credential.GetCredential()
	if err != nil {
		return err
	}
	alg := dara.StringValue(c.SignatureAlgorithm)
	if alg == "" {
		alg = "ACS3-HMAC-SHA256"
	}
	req := &dara.Request{Method: dara.String(method), Pathname: dara.String(path), Query: map[string]*string{}, Headers: map[string]*string{
		"host":                  c.Endpoint,
		"x-acs-version":         dara.String(fcVersion),
		"x-acs-action":          dara.String(action),
		"user-agent":            openapiutil.GetUserAgent(c.UserAgent),
		"x-acs-date":            openapiutil.GetTimestamp(),
		"x-acs-signature-nonce": openapiutil.GetNonce(),
		"accept":                dara.String("application/json"),
		"content-type":          dara.String("application/json; charset=utf-8"),
		"x-acs-content-sha256":  dara.String(body.sha256),
	}}
	if cred.ProviderName != nil {
		req.Headers["x-acs-credentials-provider"] = cred.ProviderName
	}
	if dara.StringValue(cred.SecurityToken) != "" {
		req.Headers["x-acs-accesskey-id"] = cred.AccessKeyId
		req.Headers["x-acs-security-token"] = cred.SecurityToken
	}
	req.Headers["Authorization"] = openapiutil.GetAuthorization(req, dara.String(alg), dara.String(body.sha256), cred.AccessKeyId, cred.AccessKeySecret)

	host := dara.StringValue(c.Endpoint)
	url := strings.ToLower(dara.StringValue(c.Protocol)) + "://" + host + path
	hr, err := http.NewRequestWithContext(ctx, method, url, body.Reader())
	if err != nil {
		return err
	}
	hr.Host, hr.ContentLength = host, body.size
	hr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(body.Reader()), nil }
	for k, v := range req.Headers {
		switch {
		case v == nil || k == "host":
		case k == "user-agent":
			hr.Header["User-Agent"] = []string{*v}
		default:
			hr.Header[k] = []string{*v} // as the SDK sends them, names as written
		}
	}
	resp, err := p.http.Call(hr, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return answerError(action, resp)
	}
	// The function as FC stored it: the caller reads it back. Drained so
	// that the connection is reused.
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// answerError is FC's error answer to a request that sendFunction sent,
// as toAPIError makes it of the SDK's: the code, message and request id
// of FC's JSON body. A body that is not FC's JSON leaves toAPIError to
// name the status, from the attempt's record.
func answerError(action string, resp *http.Response) error {
	var body struct{ Code, Message, RequestId string }
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&body); err != nil {
		return fmt.Errorf("FC answered %s, and its body is not FC's JSON error: %w", resp.Status, err)
	}
	e := &APIError{Service: "FC", Op: action, Code: body.Code, Message: body.Message, StatusCode: resp.StatusCode, RequestID: body.RequestId}
	if e.RequestID == "" {
		e.RequestID = resp.Header.Get("x-acs-request-id")
	}
	if e.Message == "" {
		e.Message = resp.Status
	}
	return e
}
