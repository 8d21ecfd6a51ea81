package fcauth

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// MaxTriggerBody is FC's limit on a synchronous request body (32 MB). An
// ACS3-signed trigger request is read up to this size to check its hash.
const MaxTriggerBody = 32 << 20

// fcHeaderPrefix marks the headers the FC scheme signs.
const fcHeaderPrefix = "x-fc-"

// SignTriggerACS3 signs r for an HTTP trigger with authType "function" as FC
// 3.0 documents it: ACS3-HMAC-SHA256 (SignACS3) over r's method, path,
// query, host, the x-acs-* headers and the SHA-256 of r's body, which it
// reads (up to MaxTriggerBody) and puts back. It sends x-acs-date,
// x-acs-signature-nonce and x-acs-content-sha256 like the SDK (FC's trigger
// samples sign only x-acs-date and the body hash; the extra signed headers
// are unconfirmed against FC but are what its control API requires).
func SignTriggerACS3(r *http.Request, cred Credentials, now time.Time) error {
	body, e := readTriggerBody(r)
	if e != nil {
		return errors.New("fcauth: SignTriggerACS3: " + e.Message)
	}
	return SignACS3(r, body, cred, now, "")
}

// SignTrigger signs r for an HTTP trigger with authType "function" in FC
// 2.0's scheme, which FC 3.0 may no longer accept (use SignTriggerACS3;
// this one is for testing compatibility): it sets Date (from now, RFC 1123 GMT), X-Fc-Security-Token when cred
// has a token, and Authorization "FC <AccessKeyId>:<signature>". The
// signature covers the method, Content-MD5, Content-Type, Date, every x-fc-*
// header, the unescaped path and the query; not the body.
func SignTrigger(r *http.Request, cred Credentials, now time.Time) error {
	if cred.AccessKeyID == "" || cred.AccessKeySecret == "" {
		return errors.New("fcauth: SignTrigger needs an access key id and secret")
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	setHeader(r.Header, "Date", now.UTC().Format(http.TimeFormat))
	if cred.SecurityToken != "" {
		setHeader(r.Header, "X-Fc-Security-Token", cred.SecurityToken)
	}
	setHeader(r.Header, "Authorization", "")
	s, err := fcStringToSign(r)
	if err != nil {
		return errors.New("fcauth: SignTrigger: " + err.Message)
	}
	sig := base64.StdEncoding.EncodeToString(hmacSHA256(cred.AccessKeySecret, s))
	r.Header.Set("Authorization", SchemeFC+" "+cred.AccessKeyID+":"+sig)
	return nil
}

// VerifyTrigger checks a request to an HTTP trigger with authType "function",
// signed with ACS3-HMAC-SHA256 (SignTriggerACS3), or in FC 2.0's scheme
// (SignTrigger) when WithFC2Signatures is given; without it that scheme is
// refused with 403 SignatureNotMatch, whose cause is ErrFC2Scheme. Refusals are FC's data-plane answers, each with ErrorType FcCommonError:
// Authorization or the date header (Date; x-acs-date for ACS3) missing → 400;
// a malformed or wrong signature, an unknown access key or a date more than
// MaxSkew from now → 403. For ACS3 the body is read (up to MaxTriggerBody)
// to check its hash, once the signature has verified when x-acs-content-sha256
// is sent, and r.Body is replaced by the bytes read.
// WithNonceCache applies to ACS3 requests that carry a nonce.
func VerifyTrigger(r *http.Request, lookup func(accessKeyID string) (secret string, ok bool), now time.Time, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	auths := r.Header.Values("Authorization")
	if len(auths) == 0 || auths[0] == "" {
		return triggerError(fcspec.CodeMissingRequiredHeader, "required HTTP header Authorization was not specified; this trigger requires signed requests")
	}
	if len(auths) > 1 {
		return triggerError(fcspec.CodeSignatureNotMatch, "the request has more than one Authorization header")
	}
	auth := auths[0]
	if strings.HasPrefix(auth, SchemeFC+" ") {
		if !o.fc2 {
			e := triggerError(fcspec.CodeSignatureNotMatch,
				"the \"FC <AccessKeyId>:<signature>\" scheme with Date is Function Compute 2.0's; FC 3.0 HTTP triggers are signed with %s (x-acs-date and Authorization: %s Credential=...,SignedHeaders=...,Signature=...)",
				AlgorithmACS3, AlgorithmACS3)
			e.cause = ErrFC2Scheme
			return e
		}
		if e := verifyTriggerFC(r, auth, lookup, now); e != nil {
			return e
		}
		return nil
	}
	if strings.HasPrefix(auth, "ACS3-") {
		if e := verifyTriggerACS3(r, lookup, now, o); e != nil {
			return e
		}
		return nil
	}
	return triggerError(fcspec.CodeSignatureNotMatch, "unknown Authorization scheme; sign with %s", AlgorithmACS3)
}

func verifyTriggerFC(r *http.Request, auth string, lookup func(string) (string, bool), now time.Time) *Error {
	date := r.Header.Get("Date")
	if date == "" {
		return triggerError(fcspec.CodeMissingRequiredHeader, "required HTTP header Date was not specified; it is part of the signature")
	}
	parsed, err := ParseAuthorization(auth)
	if err != nil {
		return asTrigger(err.(*Error))
	}
	for _, h := range []string{"Date", "Content-Type", "Content-Md5"} {
		if len(r.Header.Values(h)) > 1 {
			return triggerError(fcspec.CodeSignatureNotMatch, "signed header %s appears more than once", h)
		}
	}
	secret, ok := lookup(parsed.AccessKeyID)
	if !ok || secret == "" {
		return triggerError(fcspec.CodeInvalidAccessKeyID, "invalid access key ID %q", parsed.AccessKeyID)
	}
	signedAt, perr := http.ParseTime(date)
	if perr != nil {
		return triggerError(fcspec.CodeInvalidArgument, "Date %.40q is not an HTTP date such as %q", date, http.TimeFormat)
	}
	if d := now.Sub(signedAt); d > MaxSkew || d < -MaxSkew {
		return triggerError(fcspec.CodeRequestTimeTooSkewed,
			"Date %s is %s away from the server's clock %s; the limit is %s: check the client's clock",
			date, d.Abs().Round(time.Second), now.UTC().Format(http.TimeFormat), MaxSkew)
	}
	s, serr := fcStringToSign(r)
	if serr != nil {
		return serr
	}
	want := base64.StdEncoding.EncodeToString(hmacSHA256(secret, s))
	if subtle.ConstantTimeCompare([]byte(want), []byte(parsed.Signature)) != 1 {
		return triggerError(fcspec.CodeSignatureNotMatch,
			"the signature does not match our calculation; check the access key secret, and that the method, Content-MD5, Content-Type, Date, x-fc-* headers and the unescaped path and query were signed as sent")
	}
	return nil
}

// fcStringToSign is METHOD, Content-MD5, Content-Type, Date, each followed by
// "\n", then "name:value\n" for every x-fc-* header sorted by name, then the
// unescaped path, "\n", and the sorted "key=value" query lines joined by
// "\n" (as in aliyun/fc-go-sdk's GetSignature and GetSignResourceWithQueries).
//
// That string is ambiguous when a decoded path, key or value holds "\n", or a
// key holds "=" (path "/a\nk=v" signs like path "/a" with query k=v), so such
// requests are refused rather than let one signature cover two requests.
func fcStringToSign(r *http.Request) (string, *Error) {
	path := r.URL.Path
	if path == "" {
		path = "/"
	}
	_, rawQuery := requestTarget(r)
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", triggerError(fcspec.CodeInvalidArgument, "the query string is not valid URL encoding (a bad %%-escape or a ';')")
	}
	if strings.Contains(path, "\n") {
		return "", triggerError(fcspec.CodeInvalidArgument, "the path contains an encoded newline, which the FC signature cannot cover")
	}
	lines := make([]string, 0, len(query))
	for k, vs := range query {
		if strings.ContainsAny(k, "=\n") {
			return "", triggerError(fcspec.CodeInvalidArgument, "a query key contains an encoded '=' or newline, which the FC signature cannot cover")
		}
		for _, v := range vs {
			if strings.Contains(v, "\n") {
				return "", triggerError(fcspec.CodeInvalidArgument, "a query value contains an encoded newline, which the FC signature cannot cover")
			}
			lines = append(lines, k+"="+v)
		}
	}
	slices.Sort(lines)

	headers := lowerHeaders(r.Header)
	var fcNames []string
	for h, vs := range headers {
		if strings.HasPrefix(h, fcHeaderPrefix) {
			if len(vs) > 1 {
				return "", triggerError(fcspec.CodeSignatureNotMatch, "signed header %.60s appears more than once", h)
			}
			fcNames = append(fcNames, h)
		}
	}
	slices.Sort(fcNames)

	var b strings.Builder
	b.WriteString(r.Method)
	for _, h := range []string{"content-md5", "content-type", "date"} {
		b.WriteByte('\n')
		b.WriteString(textproto.TrimString(firstValue(headers, h)))
	}
	b.WriteByte('\n')
	for _, h := range fcNames {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(textproto.TrimString(headers[h][0]))
		b.WriteByte('\n')
	}
	b.WriteString(path)
	b.WriteByte('\n')
	b.WriteString(strings.Join(lines, "\n"))
	return b.String(), nil
}

// verifyTriggerACS3 applies the ACS3 check with the data plane's demands:
// x-acs-date instead of Date, host and nonce optional, and the payload hash
// taken from x-acs-content-sha256 when sent, else from the body (FC's
// trigger examples sign the body hash without sending the header).
func verifyTriggerACS3(r *http.Request, lookup func(string) (string, bool), now time.Time, o options) *Error {
	if r.Header.Get(HeaderACSDate) == "" {
		return triggerError(fcspec.CodeMissingRequiredHeader, "required HTTP header x-acs-date was not specified; it is part of the signature")
	}
	hash := func() (string, *Error) {
		body, e := readTriggerBody(r)
		if e != nil {
			return "", e
		}
		return sha256Hex(body), nil
	}
	return asTrigger(verifyACS3(r, hash, lookup, now, o, triggerProfile))
}

// readTriggerBody reads r's body, at most MaxTriggerBody, and puts the bytes
// back so the request can still be proxied.
func readTriggerBody(r *http.Request) ([]byte, *Error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxTriggerBody+1))
	_ = r.Body.Close()
	if len(body) > MaxTriggerBody {
		return nil, triggerError(fcspec.CodeEntityTooLarge, "payload size exceeds maximum allowed size (%d bytes)", MaxTriggerBody)
	}
	if err != nil {
		return nil, triggerError(fcspec.CodeInvalidArgument, "reading the request body failed: %v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}
