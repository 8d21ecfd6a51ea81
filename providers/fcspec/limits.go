package fcspec

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Limits of FC 3.0 (FC-REFERENCE.md section 1 and 3).
const (
	FunctionNameMaxLen = 64
	TriggerNameMaxLen  = 128
	DescriptionMaxLen  = 256

	TimeoutMin, TimeoutMax, DefaultTimeout = 1, 86400, 3

	InstanceConcurrencyMin, InstanceConcurrencyMax, DefaultInstanceConcurrency = 1, 200, 1

	MemoryMin, MemoryMax, MemoryStep, DefaultMemory = 128, 32768, 64, 512

	CPUMin, CPUMax, CPUStep = 0.05, 16.0, 0.05
	// DefaultCPU is what FC picks for the default 512 MB.
	DefaultCPU = 0.35

	DefaultDiskSize = 512
	DefaultPort     = 9000
	PortMin         = 1
	PortMax         = 65535

	// EnvMaxBytes bounds the sum of the lengths of every key and value.
	EnvMaxBytes       = 4096
	EnvReservedPrefix = "FC_"

	HealthCheckTimeoutMin, HealthCheckTimeoutMax = 1, 3
)

// DiskSizes are the only disk sizes FC accepts, in MB.
var DiskSizes = []int{512, 10240}

// Methods are the HTTP methods an HTTP trigger may allow.
var Methods = []string{"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"}

// AuthTypes are the HTTP trigger authentication types.
var AuthTypes = []string{AuthAnonymous, AuthFunction, AuthJWT}

// DefaultAuthType is what FC uses when a trigger names none.
const DefaultAuthType = AuthFunction

var (
	functionNameRE = lazyRE(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	triggerNameRE  = lazyRE(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	envKeyRE       = lazyRE(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// CheckFunctionName validates an FC function name.
func CheckFunctionName(name string) error {
	if name == "" || len(name) > FunctionNameMaxLen || !functionNameRE().MatchString(name) {
		return fmt.Errorf("%q is not a valid function name: use 1 to %d letters, digits, '_' or '-', starting with a letter or '_'", name, FunctionNameMaxLen)
	}
	return nil
}

// CheckTriggerName validates an FC trigger name.
func CheckTriggerName(name string) error {
	if name == "" || len(name) > TriggerNameMaxLen || !triggerNameRE().MatchString(name) {
		return fmt.Errorf("%q is not a valid trigger name: use 1 to %d letters, digits, '_' or '-', starting with a letter or '_'", name, TriggerNameMaxLen)
	}
	return nil
}

// CheckDescription bounds a description's length.
func CheckDescription(s string) error {
	if len(s) > DescriptionMaxLen {
		return fmt.Errorf("is %d bytes long; Function Compute accepts at most %d", len(s), DescriptionMaxLen)
	}
	return nil
}

func checkRange(what string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("is %d; %s must be between %d and %d", v, what, lo, hi)
	}
	return nil
}

// CheckTimeout validates a function timeout in seconds.
func CheckTimeout(v int) error {
	return checkRange("the timeout in seconds", v, TimeoutMin, TimeoutMax)
}

// CheckInstanceConcurrency validates the connections one instance serves at once.
func CheckInstanceConcurrency(v int) error {
	return checkRange("instance concurrency", v, InstanceConcurrencyMin, InstanceConcurrencyMax)
}

// CheckPort validates a listening port.
func CheckPort(v int) error {
	return checkRange("the port", v, PortMin, PortMax)
}

// CheckHealthCheckTimeout validates healthCheckConfig.timeoutSeconds.
func CheckHealthCheckTimeout(v int) error {
	return checkRange("the health check timeout in seconds", v, HealthCheckTimeoutMin, HealthCheckTimeoutMax)
}

// CheckMemory validates memory in MB.
func CheckMemory(v int) error {
	if err := checkRange("memory in MB", v, MemoryMin, MemoryMax); err != nil {
		return err
	}
	if v%MemoryStep != 0 {
		lo := v / MemoryStep * MemoryStep
		return fmt.Errorf("is %d; memory must be a multiple of %d MB, such as %d or %d", v, MemoryStep, lo, lo+MemoryStep)
	}
	return nil
}

// CheckCPU validates vCPUs.
func CheckCPU(v float64) error {
	if math.IsNaN(v) || v < CPUMin-1e-9 || v > CPUMax+1e-9 {
		return fmt.Errorf("is %g; cpu must be between %g and %g vCPU", v, CPUMin, CPUMax)
	}
	steps := v / CPUStep
	if math.Abs(steps-math.Round(steps)) > 1e-6 {
		return fmt.Errorf("is %g; cpu must be a multiple of %g, such as %g", v, CPUStep, math.Round(steps)*CPUStep)
	}
	return nil
}

// CheckCPUMemoryRatio checks FC's rule that cpu : memory(GB) lies between 1:1 and 1:4.
func CheckCPUMemoryRatio(cpu float64, memoryMB int) error {
	gb := float64(memoryMB) / 1024
	if gb < cpu-1e-9 || gb > 4*cpu+1e-9 {
		return fmt.Errorf("cpu %g with memory %d MB is a ratio of 1:%.2f; Function Compute needs between 1:1 and 1:4 — with %d MB use cpu between %g and %g",
			cpu, memoryMB, gb/cpu, memoryMB, RoundCPUUp(gb/4), math.Floor(gb/CPUStep+1e-9)*CPUStep)
	}
	return nil
}

// RoundCPUUp rounds v up to FC's CPU step, within FC's range.
func RoundCPUUp(v float64) float64 {
	r := math.Ceil(v/CPUStep-1e-9) * CPUStep
	r = math.Round(r*100) / 100
	return math.Min(math.Max(r, CPUMin), CPUMax)
}

// DefaultCPUFor is the cpu wsdeploy picks when only memory is given: FC's own
// default for 512 MB, otherwise the 1:2 ratio in the middle of FC's range.
func DefaultCPUFor(memoryMB int) float64 {
	if memoryMB == DefaultMemory {
		return DefaultCPU
	}
	return RoundCPUUp(float64(memoryMB) / 1024 / 2)
}

// CheckDiskSize validates diskSize in MB.
func CheckDiskSize(v int) error {
	for _, d := range DiskSizes {
		if v == d {
			return nil
		}
	}
	return fmt.Errorf("is %d; Function Compute accepts a disk size of 512 or 10240 MB only", v)
}

// CheckEnvironment validates environment variables: key syntax, the reserved
// FC_ prefix and the total size.
func CheckEnvironment(env map[string]string) error {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	total := 0
	for _, k := range keys {
		if err := CheckEnvKey(k); err != nil {
			return err
		}
		total += len(k) + len(env[k])
	}
	if total > EnvMaxBytes {
		return fmt.Errorf("holds %d bytes of keys and values; Function Compute accepts at most %d — move large values to a file in the code directory", total, EnvMaxBytes)
	}
	return nil
}

// CheckEnvKey validates one environment variable name.
func CheckEnvKey(k string) error {
	if !envKeyRE().MatchString(k) {
		return fmt.Errorf("key %q is not a valid environment variable name: use letters, digits and '_', not starting with a digit", k)
	}
	if strings.HasPrefix(strings.ToUpper(k), EnvReservedPrefix) {
		return fmt.Errorf("key %q starts with %s, which Function Compute reserves for its own variables; rename it", k, EnvReservedPrefix)
	}
	return nil
}

// CheckMethod validates one HTTP trigger method (upper case, as FC wants).
func CheckMethod(m string) error {
	for _, ok := range Methods {
		if m == ok {
			return nil
		}
	}
	if up := strings.ToUpper(m); up != m && CheckMethod(up) == nil {
		return fmt.Errorf("method %q must be written in upper case: %q", m, up)
	}
	return fmt.Errorf("method %q is not one of %s", m, strings.Join(Methods, ", "))
}

// CheckAuthType validates an HTTP trigger auth type.
func CheckAuthType(a string) error {
	for _, ok := range AuthTypes {
		if a == ok {
			return nil
		}
	}
	return fmt.Errorf("auth type %q is not one of %s", a, strings.Join(AuthTypes, ", "))
}
