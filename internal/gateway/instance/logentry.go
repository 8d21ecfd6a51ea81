package instance

import (
	"encoding/json"
	"fmt"
	"time"
)

// Entry is one line of a function's log.
type Entry struct {
	Time     time.Time `json:"time"`
	Instance string    `json:"instance"`
	Stream   string    `json:"stream"`
	Line     string    `json:"line"`
}

// String renders the entry as `wsdeploy logs` prints it:
// "time instance stream line".
func (e Entry) String() string {
	return fmt.Sprintf("%s %s %s %s", e.Time.Format("2006-01-02T15:04:05.000Z07:00"), e.Instance, e.Stream, e.Line)
}

// encode renders the entry as one JSON line: JSON because a line may hold
// anything, including what looks like another entry.
func (e Entry) encode() []byte {
	b, _ := json.Marshal(e) // cannot fail for these field types
	return append(b, '\n')
}

// decodeEntry parses one stored line; text that is not an entry (a file
// edited by hand) is kept as a line with no time.
func decodeEntry(b []byte) Entry {
	var e Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return Entry{Line: string(b)}
	}
	return e
}
