package fidelity

import (
	"fmt"
	"strings"
)

// The environment that selects and configures the live tier.
const (
	EnvLive      = "WSDEPLOY_LIVE"        // "1": run against real FC
	EnvRegion    = "WSDEPLOY_LIVE_REGION" // e.g. cn-hangzhou
	EnvKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	EnvKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	// EnvToken is optional: set with an STS key pair.
	EnvToken = "ALIBABA_CLOUD_SECURITY_TOKEN"
	// EnvImage is optional: a custom-container image the account can pull
	// in the region; without it the container rows of the removal matrix
	// are skipped on FC (the gateway runs them with a placeholder).
	EnvImage = "WSDEPLOY_LIVE_IMAGE"
)

// Required is what a live run needs, in the order the message lists it.
var Required = []string{EnvKeyID, EnvKeySecret, EnvRegion}

// Live is the live tier's configuration.
type Live struct {
	Region, KeyID, KeySecret, Token, Image string
}

// LiveFromEnv reads the live tier's configuration through getenv (os.Getenv
// in tests). live is false unless EnvLive is "1"; then a missing variable
// is an error that lists every one missing. Nothing is contacted.
func LiveFromEnv(getenv func(string) string) (cfg Live, live bool, err error) {
	if getenv(EnvLive) != "1" {
		return Live{}, false, nil
	}
	var missing []string
	for _, k := range Required {
		if strings.TrimSpace(getenv(k)) == "" {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return Live{}, true, fmt.Errorf("%s=1 asks for the live tier against real Function Compute, but %s %s not set: "+
			"set %s (an AccessKey of an account that may create and delete FC functions; optionally %s for an STS key pair) "+
			"and %s (the region to deploy to, e.g. cn-hangzhou); or unset %s to run against the local gateway",
			EnvLive, strings.Join(missing, ", "), plural(len(missing), "is", "are"),
			strings.Join(Required[:2], " and "), EnvToken, EnvRegion, EnvLive)
	}
	return Live{Region: getenv(EnvRegion), KeyID: getenv(EnvKeyID), KeySecret: getenv(EnvKeySecret),
		Token: getenv(EnvToken), Image: getenv(EnvImage)}, true, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
