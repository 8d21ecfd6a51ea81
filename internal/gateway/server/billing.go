package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"time"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
	"github.com/wsdeploy/wsdeploy/internal/gateway/billing"
	"github.com/wsdeploy/wsdeploy/internal/gateway/statedir"
)

// billingPath serves the meter's snapshot to `wsdeploy billing`. It sits
// beside FC's API on the control address and, like it, answers only
// requests signed with the gateway's key.
const billingPath = "/_wsdeploy/billing"

func billingHandler(meter *billing.Meter, verify func(*http.Request, []byte) error, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := verify(r, nil); err != nil {
			// The error says what was wrong, never the secret.
			log.Warn("billing request refused", "remote", r.RemoteAddr, "error", err)
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
		usage := meter.Snapshot()
		sort.Slice(usage, func(i, j int) bool { return usage[i].Function < usage[j].Function })
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(usage)
	})
}

// FetchBilling asks the gateway of stateDir for its meter's snapshot.
func FetchBilling(ctx context.Context, stateDir string) ([]billing.Usage, error) {
	var usage []billing.Usage
	if err := fetchSigned(ctx, stateDir, billingPath, "billing", &usage); err != nil {
		return nil, err
	}
	return usage, nil
}

// fetchSigned GETs one of the gateway's own paths beside FC's API, signed
// with the gateway's key as those paths require, and decodes the JSON
// answer into out; what names the answer in errors.
func fetchSigned(ctx context.Context, stateDir, path, what string, out any) error {
	info, err := statedir.Running(stateDir)
	if err != nil {
		return statedir.WithStartHint(err, stateDir)
	}
	cred, err := statedir.ReadCredentials(stateDir)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+info.ControlAddress+path, nil)
	if err != nil {
		return err
	}
	nonce := make([]byte, 16)
	rand.Read(nonce)
	if err := fcauth.SignACS3(req, nil, cred, time.Now(), hex.EncodeToString(nonce)); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("the gateway refused the %s request: %s: %s", what, resp.Status, msg)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("the gateway's %s answer: %w", what, err)
	}
	return nil
}
