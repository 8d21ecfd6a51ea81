package fcauth

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// FuzzDateHeaders signs requests correctly over arbitrary Date (FC scheme)
// and x-acs-date (ACS3) values, so that every input reaches the date
// checks: a request is accepted exactly when its date parses in its
// scheme's format and lies within MaxSkew of the server's clock, and
// refused otherwise with FC's error, never a panic.
func FuzzDateHeaders(f *testing.F) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, d := range []string{
		now.Format(http.TimeFormat), now.Format(ACS3DateFormat),
		now.Add(MaxSkew).Format(ACS3DateFormat), now.Add(-MaxSkew - time.Second).Format(http.TimeFormat),
		"Sunday, 01-Jun-25 12:00:00 GMT", "Sun Jun  1 12:00:00 2025", "2025-06-01T12:00:00+08:00",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "Mon, 99 Jan 2006 15:04:05 GMT", "",
	} {
		f.Add(d)
	}
	const ak, secret = "LTAIfuzzDate", "fuzz-date-secret"
	lookup := func(id string) (string, bool) { return secret, id == ak }
	within := func(t time.Time) bool { d := now.Sub(t); return d <= MaxSkew && d >= -MaxSkew }
	refusedWell := func(t *testing.T, err error, trigger bool) {
		var e *Error
		if !errors.As(err, &e) || e.Message == "" || (trigger && e.ErrorType != fcspec.ErrorTypeCommon) || e.Status < 400 || e.Status > 499 {
			t.Fatalf("refusal %#v", err)
		}
	}
	f.Fuzz(func(t *testing.T, date string) {
		if strings.ContainsAny(date, "\r\n\x00") {
			return // no such header reaches a handler
		}
		// FC scheme.
		r := httptest.NewRequest("GET", "http://fc.local/ws?x=1", nil)
		r.Header.Set("Date", date)
		s, e := fcStringToSign(r)
		if e != nil {
			t.Fatal(e)
		}
		r.Header.Set("Authorization", SchemeFC+" "+ak+":"+base64.StdEncoding.EncodeToString(hmacSHA256(secret, s)))
		parsed, perr := http.ParseTime(date)
		want := date != "" && perr == nil && within(parsed)
		if err := VerifyTrigger(r, lookup, now, WithFC2Signatures()); (err == nil) != want {
			t.Fatalf("FC scheme, Date %q: %v, want accepted=%v", date, err, want)
		} else if err != nil {
			refusedWell(t, err, true)
		}

		// ACS3, as the control API verifies it.
		r = httptest.NewRequest("GET", "http://fc.local/2023-03-30/functions", nil)
		if err := SignACS3(r, nil, Credentials{AccessKeyID: ak, AccessKeySecret: secret}, now, "n"); err != nil {
			t.Fatal(err)
		}
		r.Header.Set(HeaderACSDate, date)
		a, _ := ParseAuthorization(r.Header.Get("Authorization"))
		sts, e := acs3StringToSign(r, lowerHeaders(r.Header), a.SignedHeaders, r.Header.Get(HeaderACSContentSHA256))
		if e != nil {
			t.Fatal(e)
		}
		r.Header.Set("Authorization", AlgorithmACS3+" Credential="+ak+",SignedHeaders="+strings.Join(a.SignedHeaders, ";")+
			",Signature="+hex.EncodeToString(hmacSHA256(secret, sts)))
		parsed, perr = time.Parse(ACS3DateFormat, date)
		want = date != "" && perr == nil && within(parsed)
		if err := VerifyACS3(r, nil, lookup, now); (err == nil) != want {
			t.Fatalf("ACS3, x-acs-date %q: %v, want accepted=%v", date, err, want)
		} else if err != nil {
			refusedWell(t, err, false)
		}
	})
}
