package aliyun

import (
	"errors"
	"fmt"
	"hash/crc64"
	"strconv"

	"github.com/wsdeploy/wsdeploy/providers"
)

var crcTable = crc64.MakeTable(crc64.ECMA)

// checksum is FC's codeChecksum of a zip: CRC-64/ECMA as unsigned decimal
// (FC-REFERENCE.md, "Code checksum").
func checksum(zip []byte) string {
	return strconv.FormatUint(crc64.Checksum(zip, crcTable), 10)
}

// checkedCode fills a missing checksum and refuses a wrong one before the
// upload, which FC would refuse after it.
func checkedCode(code *providers.Code) (*providers.Code, error) {
	if len(code.Zip) == 0 {
		return nil, errors.New("the code package is empty")
	}
	sum := checksum(code.Zip)
	if code.Checksum != "" && code.Checksum != sum {
		return nil, fmt.Errorf("the code package's checksum is %s, but the CRC-64 of its zip is %s", code.Checksum, sum)
	}
	return &providers.Code{Zip: code.Zip, Checksum: sum}, nil
}
