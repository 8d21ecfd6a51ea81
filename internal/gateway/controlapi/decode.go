package controlapi

import (
	"bytes"
	"encoding/json"
	"errors"
)

// decodeBody decodes a JSON request body into one of the SDK's input
// structs. An empty body is an empty object (so a missing field, not the
// body, is reported).
func decodeBody(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	return decodeJSON("body", "", body, v)
}

// decodeJSON decodes data, named whole in errors, whose fields are named
// prefix+key: a type mismatch names the field.
func decodeJSON(whole, prefix string, data []byte, v any) error {
	err := json.Unmarshal(data, v)
	var (
		typeErr   *json.UnmarshalTypeError
		syntaxErr *json.SyntaxError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return invalidArg(prefix+typeErr.Field, "must be a JSON %s, not %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &typeErr):
		return invalidArg(whole, "must be a JSON object, not %s", typeErr.Value)
	case errors.As(err, &syntaxErr):
		return invalidArg(whole, "is not valid JSON (at offset %d: %v)", syntaxErr.Offset, err)
	}
	return invalidArg(whole, "%v", err)
}

// jsonKind names a Go kind in JSON's terms.
func jsonKind(kind string) string {
	switch kind {
	case "int32", "int64", "int", "float32", "float64":
		return "number in range"
	case "ptr", "struct", "map":
		return "object"
	case "slice":
		return "array"
	}
	return kind
}
