package fcauth

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// MaxSkew is how far a signed date may be from the server's clock, either
// way: FC's 15 minutes for trigger signatures, used for the control API too.
const MaxSkew = 15 * time.Minute

// ACS3DateFormat is the layout of x-acs-date (UTC, as the SDK writes it).
const ACS3DateFormat = "2006-01-02T15:04:05Z"

// Header names of the ACS3 scheme.
const (
	HeaderACSDate          = "x-acs-date"
	HeaderACSNonce         = "x-acs-signature-nonce"
	HeaderACSContentSHA256 = "x-acs-content-sha256"
	HeaderACSSecurityToken = "x-acs-security-token"
	HeaderACSAccessKeyID   = "x-acs-accesskey-id"
)

// Option tunes a verification.
type Option func(*options)

type options struct {
	nonces      *NonceCache
	headersOnly bool // stop once the signature has verified (VerifyACS3Headers)
	fc2         bool // VerifyTrigger accepts FC 2.0's scheme (WithFC2Signatures)
}

// WithNonceCache refuses a request whose nonce the cache has seen within its
// validity window (replay protection). The nonce is recorded only once the
// rest of the request has verified.
func WithNonceCache(c *NonceCache) Option { return func(o *options) { o.nonces = c } }

// WithFC2Signatures makes VerifyTrigger accept FC 2.0's "FC <AccessKeyId>:
// <signature>" scheme besides ACS3. FC 3.0 documents only ACS3 for HTTP
// triggers; whether it still accepts the old scheme is unconfirmed, so a
// verifier as strict as FC refuses it unless asked for compatibility.
func WithFC2Signatures() Option { return func(o *options) { o.fc2 = true } }

// profile is what one use of ACS3 demands beyond the signature itself.
type profile struct {
	required []string // headers that must be present and signed
	host     bool     // host must be signed
}

// The control API demands what the SDK always sends; the data plane only what
// FC's trigger documentation requires (x-acs-date).
var (
	controlProfile = profile{required: []string{HeaderACSDate, HeaderACSContentSHA256, HeaderACSNonce}, host: true}
	triggerProfile = profile{required: []string{HeaderACSDate}}
)

// VerifyACS3 checks a control API request signed with ACS3-HMAC-SHA256, as the
// official SDK signs it. body is the request body, already read. lookup
// returns the secret of an access key id. It refuses, in this order: a
// missing or malformed Authorization; a required header (host, x-acs-date,
// x-acs-content-sha256, x-acs-signature-nonce, and every x-acs-* and
// content-type header present) that is absent, unsigned or repeated; an
// unknown access key; an x-acs-date that does not parse or is more than
// MaxSkew from now; a wrong signature; a body whose SHA-256 is not
// x-acs-content-sha256; a nonce already used (WithNonceCache). A non-nil
// error is always an *Error.
func VerifyACS3(r *http.Request, body []byte, lookup func(accessKeyID string) (secret string, ok bool), now time.Time, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	hash := func() (string, *Error) { return sha256Hex(body), nil }
	if e := verifyACS3(r, hash, lookup, now, o, controlProfile); e != nil {
		return e
	}
	return nil
}

// VerifyACS3Digest is VerifyACS3 for a body that was hashed as it streamed
// (to disk, say) rather than held: bodySHA256 is its hex SHA-256.
func VerifyACS3Digest(r *http.Request, bodySHA256 string, lookup func(accessKeyID string) (secret string, ok bool), now time.Time, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	hash := func() (string, *Error) { return bodySHA256, nil }
	if e := verifyACS3(r, hash, lookup, now, o, controlProfile); e != nil {
		return e
	}
	return nil
}

// VerifyACS3Headers is VerifyACS3 without the body: it checks everything
// the signature covers, x-acs-content-sha256 standing for the body, so that
// a server can refuse an unsigned or wrongly signed request before reading
// (and buffering) a body of up to a code upload's size. It records no
// nonce: VerifyACS3 checks the body and the nonce once the body is read.
func VerifyACS3Headers(r *http.Request, lookup func(accessKeyID string) (secret string, ok bool), now time.Time) error {
	// The control profile requires x-acs-content-sha256, so the body is
	// never needed; refuse rather than read it if that ever changes.
	hash := func() (string, *Error) {
		return "", controlError(fcspec.CodeIncompleteSignature, "required header %s is missing", HeaderACSContentSHA256)
	}
	if e := verifyACS3(r, hash, lookup, now, options{headersOnly: true}, controlProfile); e != nil {
		return e
	}
	return nil
}

// verifyACS3 calls bodyHash only when it needs the body's hash: after the
// signature has verified when x-acs-content-sha256 is sent, so that an
// unsigned request cannot make a server buffer a large body; before, when it
// is not.
func verifyACS3(r *http.Request, bodyHash func() (string, *Error), lookup func(string) (string, bool), now time.Time, o options, p profile) *Error {
	auths := r.Header.Values("Authorization")
	if len(auths) == 0 || auths[0] == "" {
		return controlError(fcspec.CodeIncompleteSignature, "the request has no Authorization header; sign it with %s", AlgorithmACS3)
	}
	if len(auths) > 1 {
		return controlError(fcspec.CodeIncompleteSignature, "the request has more than one Authorization header")
	}
	parsed, err := ParseAuthorization(auths[0])
	if err != nil {
		return err.(*Error)
	}
	if parsed.Scheme != AlgorithmACS3 {
		return controlError(fcspec.CodeIncompleteSignature, "this endpoint needs %s signatures, not the %s scheme", AlgorithmACS3, parsed.Scheme)
	}

	headers := lowerHeaders(r.Header)
	signed := make(map[string]bool, len(parsed.SignedHeaders))
	for _, h := range parsed.SignedHeaders {
		signed[h] = true
		if len(headers[h]) > 1 {
			return controlError(fcspec.CodeIncompleteSignature, "signed header %s appears more than once", h)
		}
	}
	if p.host && !signed["host"] {
		return controlError(fcspec.CodeIncompleteSignature, "header host is not in SignedHeaders")
	}
	for _, h := range p.required {
		if len(headers[h]) == 0 || headers[h][0] == "" {
			return controlError(fcspec.CodeIncompleteSignature, "required header %s is missing", h)
		}
	}
	for h := range headers {
		if acs3Signed(h) && !signed[h] {
			return controlError(fcspec.CodeIncompleteSignature, "header %.60s is present but not in SignedHeaders", h)
		}
	}

	secret, ok := lookup(parsed.AccessKeyID)
	if !ok || secret == "" {
		return controlError(fcspec.CodeAccessKeyNotFound, "access key id %q is not known here", parsed.AccessKeyID)
	}

	date := headers[HeaderACSDate][0]
	signedAt, perr := time.Parse(ACS3DateFormat, date)
	if perr != nil {
		return controlError(fcspec.CodeTimeStampFormat, "x-acs-date %.40q is not in the form 2006-01-02T15:04:05Z (UTC)", date)
	}
	if d := now.Sub(signedAt); d > MaxSkew || d < -MaxSkew {
		return controlError(fcspec.CodeTimeStampExpired,
			"x-acs-date %s is %s away from the server's clock %s; the limit is %s: check the client's clock",
			date, d.Abs().Round(time.Second), now.UTC().Format(ACS3DateFormat), MaxSkew)
	}

	var payload, sum string
	if v := headers[HeaderACSContentSHA256]; len(v) > 0 {
		payload = strings.TrimSpace(v[0])
	} else {
		var e *Error
		if sum, e = bodyHash(); e != nil {
			return e
		}
		payload = sum
	}
	stringToSign, cerr := acs3StringToSign(r, headers, parsed.SignedHeaders, payload)
	if cerr != nil {
		return cerr
	}
	want := hex.EncodeToString(hmacSHA256(secret, stringToSign))
	if subtle.ConstantTimeCompare([]byte(want), []byte(parsed.Signature)) != 1 {
		return controlError(fcspec.CodeSignatureDoesNotMatch,
			"the signature does not match our calculation; check the access key secret and the signing method. Server string to sign is: %q",
			stringToSign)
	}
	if o.headersOnly {
		return nil
	}
	if sum == "" {
		var e *Error
		if sum, e = bodyHash(); e != nil {
			return e
		}
	}
	if payload != sum {
		return controlError(fcspec.CodeContentSHA256Mismatch,
			"x-acs-content-sha256 is %.70s but the body's SHA-256 is %s: the body changed after signing", payload, sum)
	}
	if o.nonces != nil {
		if nonce := firstValue(headers, HeaderACSNonce); nonce != "" {
			if err := o.nonces.Use(parsed.AccessKeyID, nonce, signedAt, now); err != nil {
				return err.(*Error)
			}
		}
	}
	return nil
}

// acs3StringToSign builds the canonical request and returns
// "ACS3-HMAC-SHA256\n" + hex(sha256(canonical request)), as the SDK does in
// darabonba-openapi's GetAuthorization.
func acs3StringToSign(r *http.Request, headers map[string][]string, signedHeaders []string, payload string) (string, *Error) {
	rawPath, rawQuery := requestTarget(r)
	if strings.Contains(rawPath, "+") {
		return "", controlError(fcspec.CodeIncompleteSignature,
			"the path contains a literal '+', which ACS3 signs as a space; percent-encode it as %%2B")
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return "", controlError(fcspec.CodeIncompleteSignature, "the query string is not valid URL encoding (a bad %%-escape or a ';')")
	}

	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(rawPath))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(query))
	b.WriteByte('\n')
	for _, h := range signedHeaders {
		b.WriteString(h)
		b.WriteByte(':')
		if h == "host" {
			b.WriteString(strings.TrimSpace(requestHost(r)))
		} else {
			b.WriteString(strings.TrimSpace(firstValue(headers, h)))
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(payload)
	return AlgorithmACS3 + "\n" + sha256Hex([]byte(b.String())), nil
}

// SignACS3 signs r as the official SDK would: it sets x-acs-date (from now),
// x-acs-signature-nonce (nonce, or a random one when empty),
// x-acs-content-sha256, the STS headers when cred has a token, r's body
// (body), and Authorization over every x-acs-* header, host and content-type.
// Set x-acs-action, x-acs-version and content-type before calling it.
func SignACS3(r *http.Request, body []byte, cred Credentials, now time.Time, nonce string) error {
	if cred.AccessKeyID == "" || cred.AccessKeySecret == "" {
		return errors.New("fcauth: SignACS3 needs an access key id and secret")
	}
	if nonce == "" {
		nonce = randomNonce()
	}
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	setHeader(r.Header, "Authorization", "")
	setHeader(r.Header, HeaderACSDate, now.UTC().Format(ACS3DateFormat))
	setHeader(r.Header, HeaderACSNonce, nonce)
	setHeader(r.Header, HeaderACSContentSHA256, sha256Hex(body))
	if cred.SecurityToken != "" {
		setHeader(r.Header, HeaderACSAccessKeyID, cred.AccessKeyID)
		setHeader(r.Header, HeaderACSSecurityToken, cred.SecurityToken)
	}
	setBody(r, body)
	if r.Host == "" {
		r.Host = r.URL.Host
	}
	// Go sends a literal '+' in paths; ACS3 would sign it as a space.
	if p := r.URL.EscapedPath(); strings.Contains(p, "+") {
		r.URL.RawPath = strings.ReplaceAll(p, "+", "%2B")
	}

	headers := lowerHeaders(r.Header)
	names := []string{"host"}
	for h, vs := range headers {
		if acs3Signed(h) && h != "host" {
			if len(vs) > 1 {
				return errors.New("fcauth: SignACS3: header " + h + " has more than one value")
			}
			names = append(names, h)
		}
	}
	slices.Sort(names)
	stringToSign, err := acs3StringToSign(r, headers, names, sha256Hex(body))
	if err != nil {
		return errors.New("fcauth: SignACS3: " + err.Message)
	}
	sig := hex.EncodeToString(hmacSHA256(cred.AccessKeySecret, stringToSign))
	setHeader(r.Header, "Authorization",
		AlgorithmACS3+" Credential="+cred.AccessKeyID+",SignedHeaders="+strings.Join(names, ";")+",Signature="+sig)
	return nil
}

// setBody makes r send exactly the bytes that were signed.
func setBody(r *http.Request, body []byte) {
	r.ContentLength = int64(len(body))
	if len(body) == 0 {
		r.Body, r.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
}

func requestHost(r *http.Request) string {
	if r.Host != "" {
		return r.Host
	}
	return r.URL.Host
}

func firstValue(headers map[string][]string, name string) string {
	if vs := headers[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// setHeader replaces every spelling of name (the SDK's maps use lowercase
// keys) with one canonical entry, or removes it when value is empty.
func setHeader(h http.Header, name, value string) {
	for k := range h {
		if strings.EqualFold(k, name) {
			delete(h, k)
		}
	}
	if value != "" {
		h.Set(name, value)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key, msg string) []byte {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

func randomNonce() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}
