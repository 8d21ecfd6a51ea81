package controlapi

import (
	"encoding/base64"
	"net/url"
	"strconv"

	"github.com/wsdeploy/wsdeploy/internal/gateway/store"
)

// List limits: FC's default page and its largest (unconfirmed).
const (
	defaultLimit = 20
	maxLimit     = 100
)

// pageOptions reads prefix, limit and nextToken.
func pageOptions(q url.Values) (store.ListOptions, error) {
	opt := store.ListOptions{Prefix: q.Get("prefix"), Limit: defaultLimit}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			return opt, invalidArg("limit", "%q is not a number from 1 to %d", s, maxLimit)
		}
		opt.Limit = n
	}
	if s := q.Get("nextToken"); s != "" {
		t, err := decodeToken(s)
		if err != nil {
			return opt, invalidArg("nextToken", "is not a token this API returned")
		}
		opt.NextToken = t
	}
	return opt, nil
}

// Tokens are opaque to clients, as FC's are: base64 of the store's cursor.
func encodeToken(cursor string) string { return base64.StdEncoding.EncodeToString([]byte(cursor)) }

func decodeToken(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	return string(b), err
}
