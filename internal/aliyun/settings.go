package aliyun

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Settings configure a Provider. The first six mirror the provider "aliyun"
// block (Schema); the rest let the local provider point the same code at
// the local gateway (Endpoint "127.0.0.1:PORT", Protocol "HTTP", an explicit
// key pair, Region and AccountID) and let tests shorten waits.
type Settings struct {
	Region          string // default: ALIBABA_CLOUD_REGION_ID
	AccountID       string // default: STS GetCallerIdentity, unless Endpoint is set
	Profile         string // a profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials
	Endpoint        string // default: <AccountID>.<Region>.fc.aliyuncs.com
	AccessKeyID     string // with AccessKeySecret: skip the default chain
	AccessKeySecret string
	SecurityToken   string // with an STS key pair

	Name        string // Info().Name; default "aliyun"
	Protocol    string // "HTTPS" (default) or "HTTP"
	STSEndpoint string // default sts.aliyuncs.com, for the account id lookup
	Retry       RetryPolicy
	// PropagationDelay is Info().PropagationDelay; 0 means FC's 10 s, a
	// negative value none (a local gateway that applies changes at once).
	PropagationDelay time.Duration
	// InstanceLimit is Info().InstanceLimit: the account's instance quota
	// when known (a local gateway's), 0 when not.
	InstanceLimit int
	// Parallelism bounds the reads that ListFunctions makes at once to fill
	// in triggers and concurrency (default 8).
	Parallelism int
	// StateTimeout bounds the wait after a create or an update until FC
	// reports the function settled (default DefaultStateTimeout).
	StateTimeout time.Duration
}

// gatewayName is the local provider's name (providers/local.Name, which
// imports this package): the local gateway, the one target that issues
// certificates for HTTPS domains given none (providers/local adds
// Info().Domains around this provider).
const gatewayName = "local"

// DefaultStateTimeout is how long the provider waits for a function to
// leave Pending or InProgress: Serverless Devs' fc3 waits 3 minutes for a
// custom-container image to be ready.
const DefaultStateTimeout = 3 * time.Minute

// DefaultPropagationDelay is FC's trigger cache update ("about 10 s").
const DefaultPropagationDelay = 10 * time.Second

const (
	envRegion          = "ALIBABA_CLOUD_REGION_ID"
	defaultSTSEndpoint = "sts.aliyuncs.com"
	defaultParallelism = 8
)

// resolve fills defaults that need no network and checks what can be
// checked before any call.
func (s Settings) resolve() (Settings, error) {
	if s.Name == "" {
		s.Name = Name
	}
	if s.Region == "" {
		s.Region = os.Getenv(envRegion)
	}
	if s.Region == "" {
		return s, fmt.Errorf("aliyun: no region: set region in the provider %q block or %s (e.g. cn-hangzhou)", s.Name, envRegion)
	}
	// An endpoint written as a URL names its protocol.
	if rest, ok := strings.CutPrefix(s.Endpoint, "https://"); ok {
		s.Endpoint, s.Protocol = strings.TrimSuffix(rest, "/"), "HTTPS"
	} else if rest, ok := strings.CutPrefix(s.Endpoint, "http://"); ok {
		s.Endpoint, s.Protocol = strings.TrimSuffix(rest, "/"), "HTTP"
	}
	switch p := strings.ToUpper(s.Protocol); p {
	case "":
		s.Protocol = "HTTPS"
	case "HTTP", "HTTPS":
		s.Protocol = p
	default:
		return s, fmt.Errorf("aliyun: protocol %q is neither HTTPS nor HTTP", s.Protocol)
	}
	if (s.AccessKeyID == "") != (s.AccessKeySecret == "") {
		return s, fmt.Errorf("aliyun: access_key_id and access_key_secret go together: set both or neither (and prefer ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET)")
	}
	if s.STSEndpoint == "" {
		s.STSEndpoint = defaultSTSEndpoint
	}
	switch {
	case s.PropagationDelay == 0:
		s.PropagationDelay = DefaultPropagationDelay
	case s.PropagationDelay < 0: // explicitly none
		s.PropagationDelay = 0
	}
	if s.Parallelism <= 0 {
		s.Parallelism = defaultParallelism
	}
	s.Retry = s.Retry.withDefaults()
	if s.StateTimeout <= 0 {
		s.StateTimeout = DefaultStateTimeout
	}
	return s, nil
}

// fcEndpoint is FC 3.0's account endpoint, as Serverless Devs uses it.
func fcEndpoint(accountID, region string) string {
	return accountID + "." + region + ".fc.aliyuncs.com"
}

// String masks the secret and the token, so Settings in a log line or an
// error leaks nothing.
func (s Settings) String() string {
	return fmt.Sprintf("aliyun.Settings{Region: %q, AccountID: %q, Profile: %q, Endpoint: %q, AccessKeyID: %q, AccessKeySecret: %q, SecurityToken: %q, Protocol: %q}",
		s.Region, s.AccountID, s.Profile, s.Endpoint, s.AccessKeyID, mask(s.AccessKeySecret), mask(s.SecurityToken), s.Protocol)
}

// GoString masks like String.
func (s Settings) GoString() string { return s.String() }

// Format masks for every verb (fmt would print fields raw for %d, %x).
func (s Settings) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, s.String()) }

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "****"
}
