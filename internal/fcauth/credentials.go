package fcauth

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// Credentials is an access key pair, with the STS token when the pair is
// temporary. Every way of printing it masks the secret and the token, so a
// Credentials that ends up in a log line, an error or JSON output leaks
// nothing; code that must write the secret (the credentials file) reads the
// field.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
}

// mask shows whether a secret is set without showing any of it.
func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}

// String shows the access key id and masks the secret and the token.
func (c Credentials) String() string {
	return "Credentials{AccessKeyID: " + strconv.Quote(c.AccessKeyID) +
		", AccessKeySecret: " + strconv.Quote(mask(c.AccessKeySecret)) +
		", SecurityToken: " + strconv.Quote(mask(c.SecurityToken)) + "}"
}

// GoString masks like String, so %#v is safe too.
func (c Credentials) GoString() string { return c.String() }

// Format masks for every verb: fmt prints a Stringer's fields raw for verbs
// such as %d, which would show the secret.
func (c Credentials) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue masks in log/slog output.
func (c Credentials) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("access_key_id", c.AccessKeyID),
		slog.String("access_key_secret", mask(c.AccessKeySecret)),
		slog.String("security_token", mask(c.SecurityToken)),
	)
}

// MarshalJSON masks too: JSON output is one of the places issue 9 greps for
// secrets. Credentials therefore do not round-trip through JSON.
func (c Credentials) MarshalJSON() ([]byte, error) {
	type masked Credentials // no methods: no recursion
	return json.Marshal(masked{c.AccessKeyID, mask(c.AccessKeySecret), mask(c.SecurityToken)})
}
