package fcauth

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// percentEncode is the SDK's escaping (darabonba dara.PercentEncode):
// url.QueryEscape, then + → %20, * → %2A, %7E → ~.
func percentEncode(s string) string {
	return sdkReplacer.Replace(url.QueryEscape(s))
}

var sdkReplacer = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

// requestTarget splits the request target as it was sent into its escaped
// path and raw query. A server sees it in RequestURI; a client request has
// none yet, and Go will send URL.RequestURI().
func requestTarget(r *http.Request) (path, query string) {
	t := r.RequestURI
	if t == "" {
		t = r.URL.RequestURI()
	}
	if i := strings.Index(t, "://"); i >= 0 && !strings.HasPrefix(t, "/") {
		// absolute-form (through a proxy): drop scheme and authority
		t = t[i+3:]
		if j := strings.IndexAny(t, "/?"); j >= 0 {
			t = t[j:]
		} else {
			t = ""
		}
	}
	path, query, _ = strings.Cut(t, "?")
	return path, query
}

// canonicalURI is the escaped path exactly as sent, "/" when empty, with the
// SDK's replacements. A literal "+" is refused by the caller: the SDK would
// sign it as %20, a space, which is not what a server decodes it to.
func canonicalURI(rawPath string) string {
	if rawPath == "" {
		return "/"
	}
	return sdkReplacer.Replace(rawPath)
}

// canonicalQuery sorts by key, then value, and escapes both. The SDK leaves
// keys unescaped; every key it sends is plain ASCII, where the two agree, and
// escaping keys (as Alibaba Cloud's published v3 algorithm says) keeps the
// string unambiguous: with raw keys, "a=&b=x" and "a%3D%26b=x" would sign the
// same.
func canonicalQuery(q url.Values) string {
	type pair struct{ k, v string }
	pairs := make([]pair, 0, len(q))
	for k, vs := range q {
		ek := percentEncode(k)
		for _, v := range vs {
			pairs = append(pairs, pair{ek, percentEncode(v)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// lowerHeaders indexes r's headers by lowercase name. Header maps built by
// the SDK hold lowercase keys directly, so a canonical-key lookup would miss
// them; this sees every spelling.
func lowerHeaders(h http.Header) map[string][]string {
	m := make(map[string][]string, len(h))
	for k, vs := range h {
		lk := strings.ToLower(k)
		m[lk] = append(m[lk], vs...)
	}
	return m
}

// acs3Signed reports whether the SDK signs a header of this name.
func acs3Signed(lower string) bool {
	return strings.HasPrefix(lower, "x-acs-") || lower == "host" || lower == "content-type"
}
