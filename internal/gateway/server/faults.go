package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/wsdeploy/wsdeploy/internal/gateway/dataplane"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// ParseFaults reads --inject-faults: comma-separated `data=STATUS:RATE`,
// `control=STATUS:RATE` and `seed=N`, e.g. "control=503:0.3,seed=7";
// STATUS is 429, 500 or 503.
func ParseFaults(spec string) (data, control dataplane.Fault, err error) {
	var seed uint64
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, ok := strings.Cut(part, "=")
		if !ok {
			return data, control, fmt.Errorf("--inject-faults: %q is not key=value (keys: data, control, seed)", part)
		}
		switch key {
		case "seed":
			if seed, err = strconv.ParseUint(val, 10, 64); err != nil {
				return data, control, fmt.Errorf("--inject-faults: seed %q is not a number", val)
			}
		case "data", "control":
			st, rate, ok := strings.Cut(val, ":")
			status, err1 := strconv.Atoi(st)
			r, err2 := strconv.ParseFloat(rate, 64)
			if !ok || err1 != nil || err2 != nil {
				return data, control, fmt.Errorf("--inject-faults: %s=%q is not STATUS:RATE, like 503:0.3", key, val)
			}
			f := dataplane.Fault{Status: status, Rate: r}
			if err := f.Check(); err != nil {
				return data, control, fmt.Errorf("--inject-faults: %w", err)
			}
			if key == "data" {
				data = f
			} else {
				control = f
			}
		default:
			return data, control, fmt.Errorf("--inject-faults: unknown key %q (keys: data, control, seed)", key)
		}
	}
	data.Seed, control.Seed = seed, seed+1
	return data, control, nil
}

// faultCodes are FC's control API codes for the injectable statuses;
// Throttling is the code the SDK and the aliyun provider treat as throttled.
var faultCodes = map[int]fcspec.Code{
	http.StatusTooManyRequests:     fcspec.CodeThrottling,
	http.StatusInternalServerError: fcspec.CodeInternalServerError,
	http.StatusServiceUnavailable:  fcspec.CodeServiceUnavailable,
}

// withFaults answers a share of control API requests with FC's system
// errors before they are handled, as FC's front end sometimes does.
func withFaults(next http.Handler, f dataplane.Fault) http.Handler {
	if f.Rate == 0 {
		return next
	}
	var n atomic.Uint64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !f.Hits(n.Add(1)) {
			next.ServeHTTP(w, r)
			return
		}
		code := faultCodes[f.Status]
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		json.NewEncoder(w).Encode(map[string]string{
			"Code":      string(code),
			"Message":   "fault injected by the local gateway (--inject-faults): retry with exponential backoff",
			"RequestId": fmt.Sprintf("fault-%d", n.Load()),
		})
	})
}
