package server

import (
	"encoding/json"
	"net/http"

	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// identityHandler answers statedir.IdentityPath: the proof, over the
// asker's nonce, that this process at this address holds the state
// directory's key. It needs no signature (a client asks before it trusts
// the address with one) and gives none away: the proof is keyed with a
// derived key and covers only a hex nonce and the gateway's own claims.
func identityHandler(key []byte, address string, pid int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonces := r.URL.Query()["nonce"]
		if len(nonces) != 1 || len(r.URL.Query()) != 1 || !statedir.ValidNonce(nonces[0]) {
			http.Error(w, "the identity challenge takes one query parameter, nonce, of 32 to 128 lower-case hex digits", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(statedir.Prove(key, nonces[0], address, pid))
	})
}
