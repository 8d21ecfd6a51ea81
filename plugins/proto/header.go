package proto

import "net/http"

// FromHeader is h as SignRequest's header map.
func FromHeader(h http.Header) map[string]*HeaderValues {
	out := make(map[string]*HeaderValues, len(h))
	for k, vs := range h {
		out[k] = &HeaderValues{Values: vs}
	}
	return out
}

// ToHeader is a header map as an http.Header, keys as they were sent.
func ToHeader(m map[string]*HeaderValues) http.Header {
	h := make(http.Header, len(m))
	for k, vs := range m {
		h[k] = vs.GetValues()
	}
	return h
}
