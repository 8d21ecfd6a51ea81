package views

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// formatJSON writes an attribute value as HCL would: strings quoted,
// lists in brackets with ", " between elements.
func formatJSON(raw json.RawMessage) string {
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		parts := make([]string, len(list))
		for i, e := range list {
			parts[i] = formatJSON(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return string(raw)
}

// byteSize is n in the largest unit that keeps it readable.
func byteSize(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// seconds is a duration as Terraform shows one: "0.2s", "12s".
func seconds(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%ds", int(d.Round(time.Second).Seconds()))
}
