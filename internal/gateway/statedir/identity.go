package statedir

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// IdentityPath is the control address's one unauthenticated endpoint: a
// gateway answers GET IdentityPath?nonce=HEX with an Identity whose proof
// only the holder of the state directory's key can compute. Clients ask it
// before they send anything signed (see Running).
const IdentityPath = "/_wsdeploy/identity"

// IdentityTimeout bounds one challenge: a program that accepts the
// connection and never answers is not a gateway.
const IdentityTimeout = 10 * time.Second

// Nonce lengths, in hex digits, that a gateway accepts: long enough never
// to repeat, short enough that the endpoint MACs nothing else.
const (
	minNonceHex = 32
	maxNonceHex = 128
)

// Domain separation. The proof is keyed with a key derived from the
// secret, never with the secret itself, so no answer is an ACS3 or FC
// signature (those are HMAC(secret, "ACS3-HMAC-SHA256\n..." or
// "METHOD\n...")); the derivation label has no newline, so it is neither.
const (
	identityKeyLabel   = "wsdeploy gateway identity key v1"
	identityProofLabel = "wsdeploy-gateway-identity/v1"
)

// Identity is a gateway's answer to a challenge: who it says it is, and
// the proof over the nonce and those claims.
type Identity struct {
	PID            int    `json:"pid"`
	ControlAddress string `json:"control_address"`
	Proof          string `json:"proof"` // hex HMAC-SHA256
}

// IdentityKey derives the proof key from the gateway's key pair.
func IdentityKey(cred fcauth.Credentials) []byte {
	m := hmac.New(sha256.New, []byte(cred.AccessKeySecret))
	m.Write([]byte(identityKeyLabel))
	return m.Sum(nil)
}

// ValidNonce says whether nonce is what a gateway agrees to prove over:
// lower-case hex of an allowed length.
func ValidNonce(nonce string) bool {
	if len(nonce) < minNonceHex || len(nonce) > maxNonceHex || len(nonce)%2 != 0 {
		return false
	}
	for _, c := range []byte(nonce) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Prove answers a challenge as the gateway at address with pid.
func Prove(key []byte, nonce, address string, pid int) Identity {
	return Identity{PID: pid, ControlAddress: address, Proof: hex.EncodeToString(proofMAC(key, nonce, address, pid))}
}

// proofMAC is HMAC(key, label \n nonce \n address \n pid). Only the nonce
// comes from the asker, and it is hex, so the fields cannot run together.
func proofMAC(key []byte, nonce, address string, pid int) []byte {
	m := hmac.New(sha256.New, key)
	io.WriteString(m, identityProofLabel+"\n"+nonce+"\n"+address+"\n"+strconv.Itoa(pid))
	return m.Sum(nil)
}

// Identify challenges whatever listens at address and returns the claims
// it proved with cred's key. It sends one unsigned GET with a fresh nonce
// and nothing else: no credentials, no body, no redirects followed, no
// proxy. Any other answer is an error that says what came back.
func Identify(ctx context.Context, address string, cred fcauth.Credentials) (Identity, error) {
	ctx, cancel := context.WithTimeout(ctx, IdentityTimeout)
	defer cancel()
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Identity{}, err
	}
	nonce := hex.EncodeToString(raw)
	u := url.URL{Scheme: "http", Host: address, Path: IdentityPath, RawQuery: "nonce=" + nonce}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return Identity{}, fmt.Errorf("%q is not a host:port address", address)
	}
	resp, err := identityClient.Do(req)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return Identity{}, errors.New("it did not answer the identity challenge in time")
		}
		return Identity{}, fmt.Errorf("the identity challenge failed: %v", unwrapURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Identity{}, fmt.Errorf("it answered the identity challenge with %s, which a wsdeploy gateway of this version never does", resp.Status)
	}
	var id Identity
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&id); err != nil {
		return Identity{}, errors.New("its answer to the identity challenge is not an identity")
	}
	got, err := hex.DecodeString(id.Proof)
	if err != nil || !hmac.Equal(got, proofMAC(IdentityKey(cred), nonce, id.ControlAddress, id.PID)) {
		return Identity{}, errors.New("its identity proof was not made with this state directory's key")
	}
	return id, nil
}

// identityClient talks to the address as it is: a proxy or a redirect
// would put someone else between the challenge and the answer.
var identityClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                  nil,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 16 << 10,
		DialContext:            (&net.Dialer{}).DialContext,
	},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// unwrapURL drops url.Error's "Get \"http://...\":" prefix, which repeats
// what the caller already says.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
