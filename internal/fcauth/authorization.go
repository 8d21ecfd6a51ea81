package fcauth

import (
	"encoding/base64"
	"strings"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// The two Authorization schemes FC accepts.
const (
	// AlgorithmACS3 is the control API's scheme (and FC 3.0's for triggers).
	AlgorithmACS3 = "ACS3-HMAC-SHA256"
	// SchemeFC is the HTTP trigger scheme "FC <AccessKeyId>:<signature>".
	SchemeFC = "FC"
)

// Authorization is a parsed Authorization header. It holds no secret, so it
// is safe to log.
type Authorization struct {
	Scheme        string // AlgorithmACS3 or SchemeFC
	AccessKeyID   string
	SignedHeaders []string // ACS3: lowercase names in ascending byte order; nil for FC
	Signature     string   // ACS3: 64 lowercase hex digits; FC: base64 of 32 bytes
}

// ParseAuthorization reads either scheme. It checks the shape only; whether
// the signature is right is VerifyACS3's and VerifyTrigger's job. Refusals are
// IncompleteSignature errors in control API terms.
func ParseAuthorization(h string) (Authorization, error) {
	scheme, rest, ok := strings.Cut(h, " ")
	if !ok {
		return Authorization{}, controlError(fcspec.CodeIncompleteSignature,
			"the Authorization header is not \"%s Credential=...,SignedHeaders=...,Signature=...\"", AlgorithmACS3)
	}
	switch scheme {
	case AlgorithmACS3:
		return parseACS3(rest)
	case SchemeFC:
		return parseFC(rest)
	case "ACS3-HMAC-SM3", "ACS3-RSA-SHA256":
		return Authorization{}, controlError(fcspec.CodeIncompleteSignature,
			"signature algorithm %s is not supported here; sign with %s", scheme, AlgorithmACS3)
	}
	return Authorization{}, controlError(fcspec.CodeIncompleteSignature,
		"unknown Authorization scheme %.40q; sign with %s", scheme, AlgorithmACS3)
}

// parseACS3 reads "Credential=AK,SignedHeaders=a;b,Signature=hex" as the SDK
// writes it; spaces after the commas are tolerated, anything else is not.
func parseACS3(s string) (Authorization, error) {
	a := Authorization{Scheme: AlgorithmACS3}
	var seen [3]bool
	for part := range strings.SplitSeq(s, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Authorization{}, incomplete("%.40q is not key=value", part)
		}
		var i int
		switch key {
		case "Credential":
			i, a.AccessKeyID = 0, val
		case "SignedHeaders":
			i = 1
			a.SignedHeaders = strings.Split(val, ";")
		case "Signature":
			i, a.Signature = 2, val
		default:
			return Authorization{}, incomplete("unknown field %.40q", key)
		}
		if seen[i] {
			return Authorization{}, incomplete("field %s appears twice", key)
		}
		seen[i] = true
	}
	switch {
	case !seen[0] || !seen[1] || !seen[2]:
		return Authorization{}, incomplete("Credential, SignedHeaders and Signature are all required")
	case !validAccessKeyID(a.AccessKeyID):
		return Authorization{}, incomplete("Credential is not an access key id")
	case !isLowerHex(a.Signature, 64):
		return Authorization{}, incomplete("Signature is not 64 lowercase hex digits")
	}
	for i, h := range a.SignedHeaders {
		if !isHeaderToken(h) || h != strings.ToLower(h) {
			return Authorization{}, incomplete("SignedHeaders entry %.40q is not a lowercase header name", h)
		}
		if i > 0 && a.SignedHeaders[i-1] >= h {
			return Authorization{}, incomplete("SignedHeaders must be sorted and without duplicates")
		}
	}
	return a, nil
}

// parseFC reads "<AccessKeyId>:<base64 signature>".
func parseFC(s string) (Authorization, error) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return Authorization{}, controlError(fcspec.CodeIncompleteSignature,
			"the Authorization header is not \"FC <AccessKeyId>:<signature>\"")
	}
	a := Authorization{Scheme: SchemeFC, AccessKeyID: s[:i], Signature: s[i+1:]}
	if !validAccessKeyID(a.AccessKeyID) {
		return Authorization{}, controlError(fcspec.CodeIncompleteSignature, "the FC Authorization does not name an access key id")
	}
	if sig, err := base64.StdEncoding.DecodeString(a.Signature); err != nil || len(sig) != 32 {
		return Authorization{}, controlError(fcspec.CodeIncompleteSignature,
			"the FC Authorization signature is not the base64 of an HMAC-SHA256")
	}
	return a, nil
}

func incomplete(format string, args ...any) *Error {
	return controlError(fcspec.CodeIncompleteSignature, "malformed "+AlgorithmACS3+" Authorization: "+format, args...)
}

// validAccessKeyID accepts printable ASCII without the separators of either
// scheme, which covers every Alibaba Cloud access key id.
func validAccessKeyID(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == ',' || c == ';' || c == ':' || c == '=' {
			return false
		}
	}
	return true
}

func isLowerHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// isHeaderToken reports whether s is an RFC 9110 field name.
func isHeaderToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
