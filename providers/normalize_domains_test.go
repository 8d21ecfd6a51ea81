package providers

import (
	"reflect"
	"testing"

	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Affinity in its normalized form: FC's defaults filled, the header only
// with HEADER_FIELD, none (NONE or no type) as nil, and the instance
// concurrency FC forces with affinity when the function states none.
func TestNormalizeAffinity(t *testing.T) {
	f := Normalize(&Function{Name: "chat", SessionAffinity: &SessionAffinity{Type: fcspec.AffinityCookie, Header: "x-left-over"}})
	want := &SessionAffinity{Type: fcspec.AffinityCookie, SessionsPerInstance: fcspec.DefaultSessionsPerInstance, SessionTTL: fcspec.DefaultSessionTTL}
	if !reflect.DeepEqual(f.SessionAffinity, want) || f.InstanceConcurrency != fcspec.AffinityInstanceConcurrency {
		t.Errorf("normalized %+v, concurrency %d; want %+v, %d", f.SessionAffinity, f.InstanceConcurrency, want, fcspec.AffinityInstanceConcurrency)
	}
	for _, typ := range []string{"", fcspec.AffinityNone} {
		if f := Normalize(&Function{SessionAffinity: &SessionAffinity{Type: typ, SessionTTL: 5}}); f.SessionAffinity != nil {
			t.Errorf("type %q normalized to %+v, want nil", typ, f.SessionAffinity)
		}
	}
}

// A domain in its normalized form: what a read returns for what was
// written compares equal to it.
func TestNormalizeDomain(t *testing.T) {
	d := NormalizeDomain(&CustomDomain{
		Name: "Chat.Example.com", Protocol: fcspec.ProtocolHTTPS,
		Cert:   &Certificate{Certificate: "PEM", PrivateKey: "KEY"},
		TLS:    &TLS{MinVersion: fcspec.TLSv12, MaxVersion: fcspec.DefaultTLSMaxVersion, CipherSuites: fcspec.DefaultCipherSuites},
		Routes: []*Route{{Path: "/ws", Function: "chat", Methods: []string{"get", "GET", "post"}}},
	})
	want := &CustomDomain{
		Name: "chat.example.com", Protocol: fcspec.ProtocolHTTPS,
		Cert:   &Certificate{Name: "chat-example-com", Certificate: "PEM", PrivateKey: "KEY"},
		Routes: []*Route{{Path: "/ws", Function: "chat", Qualifier: fcspec.QualifierLatest, Methods: []string{"GET", "POST"}}},
	}
	if !reflect.DeepEqual(d, want) {
		t.Errorf("normalized %+v, want %+v", d, want)
	}
	plain := NormalizeDomain(&CustomDomain{Name: "a.example.com", Protocol: fcspec.ProtocolHTTP, Cert: &Certificate{}, TLS: &TLS{MinVersion: fcspec.TLSv13}})
	if plain.Cert != nil || plain.TLS != nil {
		t.Errorf("an HTTP domain keeps %+v %+v", plain.Cert, plain.TLS)
	}
}
