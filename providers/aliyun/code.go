package aliyun

import (
	"errors"
	"fmt"

	"github.com/wsdeploy/wsdeploy/providers"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// checkedCode fills a missing checksum and refuses a wrong one before the
// upload, which FC would refuse after it.
func checkedCode(code *providers.Code) (*providers.Code, error) {
	if len(code.Zip) == 0 {
		return nil, errors.New("the code package is empty")
	}
	sum := fcspec.CodeChecksum(code.Zip)
	if code.Checksum != "" && code.Checksum != sum {
		return nil, fmt.Errorf("the code package's checksum is %s, but the CRC-64 of its zip is %s", code.Checksum, sum)
	}
	return &providers.Code{Zip: code.Zip, Checksum: sum}, nil
}
