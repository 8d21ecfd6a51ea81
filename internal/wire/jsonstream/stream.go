package jsonstream

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"time"
)

// FormatVersion is the version of the stream's format, carried by every
// event as format_version.
const FormatVersion = "1.0"

// Level is an event's @level.
type Level string

const (
	Info  Level = "info"
	Warn  Level = "warn"
	Error Level = "error"
)

// Message is the part of an event that its type defines.
type Message interface {
	// Type is the event's type field.
	Type() Type
}

// Write writes one event: the envelope and msg's fields, merged into one
// object whose keys come out sorted, on one line. text is the @message,
// with its line breaks replaced so that it stays on the line.
func Write(w io.Writer, level Level, text string, at time.Time, msg Message) error {
	fields := map[string]json.RawMessage{}
	own, err := marshal(msg)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(own, &fields); err != nil {
		return err
	}
	for k, v := range map[string]string{
		"type":           string(msg.Type()),
		"format_version": FormatVersion,
		"@timestamp":     at.Format(time.RFC3339Nano),
		"@level":         string(level),
		"@message":       strings.ReplaceAll(text, "\n", " "),
	} {
		if fields[k], err = marshal(v); err != nil {
			return err
		}
	}
	line, err := marshal(fields)
	if err != nil {
		return err
	}
	_, err = w.Write(append(line, '\n'))
	return err
}

// marshal is json.Marshal without HTML escaping: "<stdin>" stays readable.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
