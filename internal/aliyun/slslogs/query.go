package slslogs

import "fmt"

// Target is where one function's logs are: the function's FC name and its
// logConfig.
type Target struct {
	Project  string
	Logstore string
	Function string
}

// Query is the SLS search that selects the function's lines: FC 3.0 writes
// each line with the field functionName (FC's "log field details" page);
// the logstore FC creates for a function indexes it. Whether FC also sets
// __topic__ to the function name is unconfirmed, so the query does not
// rely on it.
func Query(function string) string {
	return fmt.Sprintf("functionName: %q", function)
}

// Endpoint is SLS's public endpoint of a region.
func Endpoint(region string) string { return region + ".log.aliyuncs.com" }
