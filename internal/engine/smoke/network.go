package smoke

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// classifyError reads a handshake that got no HTTP answer. Refused, reset
// and timed-out connections and unresolved names are what a URL looks like
// while FC (or the local gateway) is not serving it yet; a certificate or
// signing problem is not.
func classifyError(err error, t *Target) diagnosis {
	what := networkProblem(err)
	var dns *net.DNSError
	if u, perr := url.Parse(t.URL); perr == nil && u.Host != "" && !errors.As(err, &dns) {
		what += " at " + u.Host
	}
	d := diagnosis{action: retry, outcome: Unreachable, what: what,
		hint: "check that the URL is right and reachable from here (for the local gateway: wsdeploy gateway status)"}
	if t.Domain != nil && t.Domain.Endpoint == nil {
		d.hint = fmt.Sprintf("point %q at Function Compute with a CNAME record to your account's FC endpoint (the console's custom domain page names it), and check it resolves from here", t.Domain.Host)
	}
	if dns != nil && dns.IsNotFound && !dns.IsTemporary {
		// The name does not exist (NXDOMAIN): unlike a trigger that is
		// not served yet, it does not come by waiting for propagation.
		d.action = unresolved
		if t.Domain == nil {
			d.hint = fmt.Sprintf("check the URL's host name (the provider reported it) and this machine's DNS; once %s resolves here, run wsdeploy smoke again", dns.Name)
		} else {
			d.hint += "; a record just created may take a while to resolve: once it does, run wsdeploy smoke again"
		}
	}
	var se *signError
	var unknownCA x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &se):
		d.action, d.outcome, d.what = stop, Failed, se.Error()
		d.hint = "check the provider's credentials: they sign handshakes to auth_type = \"function\" triggers"
	case errors.As(err, &unknownCA), errors.As(err, &hostname), errors.As(err, &invalid), errors.As(err, &verify):
		d.action, d.outcome = stop, Failed
		d.hint = "the trigger's TLS certificate is not trusted here: check the system's CA certificates and any TLS-intercepting proxy"
		if t.Domain != nil {
			d.hint = fmt.Sprintf("the certificate custom domain %q serves is not trusted here, or does not name the domain: give the domain a certificate from a CA browsers trust (certificate and private_key), covering %q", t.Domain.Host, t.Domain.Host)
		}
	case strings.Contains(err.Error(), "unexpected url scheme"), strings.Contains(err.Error(), "failed to parse url"):
		d.action, d.outcome = stop, Failed
		d.hint = "the provider reported a URL that is not http(s)://: this is a provider bug"
	}
	return d
}

// dnsConfirm is how long after a lookup that found no such host the
// second, confirming lookup is made: long enough to step over a resolver's
// passing glitch, short enough that a name that does not exist fails the
// check at once rather than after its whole timeout.
const dnsConfirm = time.Second

// networkProblem names what went wrong in a few words.
func networkProblem(err error) string {
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before an answer"
	case errors.As(err, &dns):
		return fmt.Sprintf("cannot resolve %s: %s", dns.Name, dns.Err)
	case errors.As(err, &ne) && ne.Timeout():
		return "no answer (timed out)"
	}
	return err.Error()
}
