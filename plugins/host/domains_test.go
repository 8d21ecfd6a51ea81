package host

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/wsdeploy/wsdeploy/plugins/proto"
	"github.com/wsdeploy/wsdeploy/providers"
)

// configure opens the test plugin in mode and configures it.
func configure(t *testing.T, mode string) (*Plugin, providers.Provider) {
	t.Helper()
	return configureLogged(t, mode, &syncBuffer{})
}

// configureLogged is configure with the plugin's log in log; the plugin
// is closed when the test ends (Close may come earlier, to read the log
// to its end).
func configureLogged(t *testing.T, mode string, log *syncBuffer) (*Plugin, providers.Provider) {
	t.Helper()
	p, err := Open(ctx, mode, pluginPath(mode), testOptions(log))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	prov, err := p.Configure(ctx, settings("cn-test"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return p, prov
}

// testKey stands for a PEM private key: its body lines are what the host
// masks.
const testKey = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n"

// Protocol 1.1 across a real plugin process: session affinity on a
// function, Info's domain endpoint, the custom domain calls with every
// field and NotFound, and the session calls.
func TestPluginServesDomainsAndSessions(t *testing.T) {
	p, prov := configure(t, "good")
	if p.ProtocolMinor != proto.ProtocolMinor || proto.ProtocolMinor < 1 {
		t.Errorf("the plugin reports protocol %d.%d; the SDK's is %d.%d", p.ProtocolVersion, p.ProtocolMinor, proto.ProtocolVersion, proto.ProtocolMinor)
	}
	want := &providers.DomainEndpoint{HTTP: "127.0.0.1:9080", HTTPS: "127.0.0.1:9443", CACertificate: []byte("CA PEM")}
	if got := prov.Info().Domains; !reflect.DeepEqual(got, want) {
		t.Errorf("Info().Domains = %+v, want %+v", got, want)
	}

	fn := &providers.Function{Name: "chat", Runtime: "custom.debian12", InstanceConcurrency: 200,
		SessionAffinity: &providers.SessionAffinity{Type: "HEADER_FIELD", Header: "x-session-id",
			SessionsPerInstance: 20, SessionTTL: 3600, SessionIdleTimeout: 600, DisableSessionIDReuse: true}}
	if _, err := prov.CreateFunction(ctx, fn, nil); err != nil {
		t.Fatal(err)
	}
	got, err := prov.GetFunction(ctx, "chat")
	if err != nil || !reflect.DeepEqual(got.SessionAffinity, fn.SessionAffinity) {
		t.Errorf("session affinity read back as %+v (%v), want %+v", got.SessionAffinity, err, fn.SessionAffinity)
	}

	domains := prov.(providers.CustomDomains)
	if _, err := domains.GetCustomDomain(ctx, "chat.example.test"); !errors.Is(err, providers.ErrNotFound) || !strings.Contains(err.Error(), `custom domain "chat.example.test"`) {
		t.Errorf("GetCustomDomain of a missing domain: %v, want ErrNotFound with the plugin's message", err)
	}
	d := &providers.CustomDomain{Name: "chat.example.test", Protocol: "HTTP,HTTPS",
		Cert: &providers.Certificate{Name: "chat", Certificate: "CERT PEM", PrivateKey: testKey},
		TLS:  &providers.TLS{MinVersion: "TLSv1.2", MaxVersion: "TLSv1.3", CipherSuites: []string{"TLS_AES_128_GCM_SHA256"}},
		Routes: []*providers.Route{
			{Path: "/ws", Function: "chat", Qualifier: "LATEST", Methods: []string{"GET"}},
			{Path: "/api/*", Function: "chat", Qualifier: "LATEST"},
		}}
	created, err := domains.CreateCustomDomain(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	// Read back as FC reads it: everything but the key, plus LastModified.
	readBack := *d
	cert := *d.Cert
	cert.PrivateKey = ""
	readBack.Cert, readBack.LastModified = &cert, "2026-12-06T00:00:00Z"
	if !reflect.DeepEqual(created, &readBack) {
		t.Errorf("CreateCustomDomain answered %+v, want %+v", created, &readBack)
	}
	if got, err := domains.GetCustomDomain(ctx, d.Name); err != nil || !reflect.DeepEqual(got, &readBack) {
		t.Errorf("GetCustomDomain: %+v, %v; want %+v", got, err, &readBack)
	}
	d.Protocol, d.Cert, d.TLS, d.Routes = "HTTP", nil, nil, d.Routes[:1]
	if got, err := domains.UpdateCustomDomain(ctx, d); err != nil || got.Protocol != "HTTP" || got.Cert != nil || got.TLS != nil || len(got.Routes) != 1 {
		t.Errorf("UpdateCustomDomain: %+v, %v", got, err)
	}
	if list, err := domains.ListCustomDomains(ctx); err != nil || len(list) != 1 || list[0].Name != d.Name || list[0].Cert != nil {
		t.Errorf("ListCustomDomains: %v, %v", list, err)
	}
	if err := domains.DeleteCustomDomain(ctx, d.Name); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{domains.DeleteCustomDomain(ctx, d.Name), errOf(domains.UpdateCustomDomain(ctx, d))} {
		if !errors.Is(err, providers.ErrNotFound) {
			t.Errorf("a call on a deleted domain: %v, want ErrNotFound", err)
		}
	}

	sessions := prov.(providers.Sessions)
	list, err := sessions.ListSessions(ctx, "chat")
	wantSession := &providers.Session{ID: "s-1", Function: "chat", Qualifier: "LATEST", InstanceID: "c-1",
		AffinityType: "HEADER_FIELD", Status: "Active", TTL: 3600, IdleTimeout: 600,
		Created: "2026-12-06T00:00:00Z", LastModified: "2026-12-06T00:00:01Z"}
	if err != nil || len(list) != 1 || !reflect.DeepEqual(list[0], wantSession) {
		t.Errorf("ListSessions: %+v, %v; want [%+v]", list, err, wantSession)
	}
	if err := sessions.DeleteSession(ctx, "chat", "s-1"); err != nil {
		t.Fatal(err)
	}
	if err := sessions.DeleteSession(ctx, "chat", "s-1"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("DeleteSession of an ended session: %v, want ErrNotFound", err)
	}
	if _, err := sessions.ListSessions(ctx, "nope"); !errors.Is(err, providers.ErrNotFound) {
		t.Errorf("ListSessions of a missing function: %v, want ErrNotFound", err)
	}
}

func errOf(_ any, err error) error { return err }

// A plugin that echoes the private key in its error has it masked by the
// host: the key never reaches the engine, its logs or the user.
func TestHostMasksThePrivateKeyInErrors(t *testing.T) {
	_, prov := configure(t, "good")
	d := &providers.CustomDomain{Name: "leaky.example.test", Protocol: "HTTPS",
		Cert: &providers.Certificate{Name: "c", Certificate: "CERT PEM", PrivateKey: testKey}}
	_, err := prov.(providers.CustomDomains).CreateCustomDomain(ctx, d)
	if err == nil {
		t.Fatal("the leaky domain was created")
	}
	for _, line := range strings.Split(testKey, "\n")[1:3] {
		if strings.Contains(err.Error(), line) {
			t.Errorf("the error shows the private key:\n%v", err)
		}
	}
	if !strings.Contains(err.Error(), "cannot parse the private key") || !strings.Contains(err.Error(), maskedKey) {
		t.Errorf("the error lost the plugin's reason or the mask: %v", err)
	}
}

// A plugin built before protocol 1.1 (Describe says 1.0, Configure
// reports no optional interface, gRPC answers the new calls Unimplemented)
// and one whose provider does not implement the optional interfaces are
// adapted without them, so the engine never calls them; the old one is
// refused session affinity rather than dropping it.
func TestPluginsWithoutDomainsOrSessions(t *testing.T) {
	for _, c := range []struct {
		mode  string
		minor int
	}{{"old", 0}, {"nodomains", proto.ProtocolMinor}} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			p, prov := configure(t, c.mode)
			if p.ProtocolMinor != c.minor {
				t.Errorf("reports protocol %d.%d, want minor %d", p.ProtocolVersion, p.ProtocolMinor, c.minor)
			}
			if _, ok := prov.(providers.CustomDomains); ok {
				t.Error("adapted as providers.CustomDomains: the engine would list its domains")
			}
			if _, ok := prov.(providers.Sessions); ok {
				t.Error("adapted as providers.Sessions")
			}

			fn := &providers.Function{Name: "f", SessionAffinity: &providers.SessionAffinity{Type: "GENERATED_COOKIE", SessionsPerInstance: 1, SessionTTL: 60}}
			_, err := prov.CreateFunction(ctx, fn, nil)
			if c.minor == 0 {
				if err == nil || !strings.Contains(err.Error(), `provider plugin "old" speaks protocol 1.0, which predates session affinity (1.1)`) {
					t.Errorf("a 1.0 plugin was given session affinity: %v", err)
				}
				fn.SessionAffinity = nil
				_, err = prov.CreateFunction(ctx, fn, nil)
			}
			if err != nil {
				t.Errorf("CreateFunction: %v", err)
			}
		})
	}
}

// A plugin that says it has the optional interfaces but answers their
// calls Unimplemented gets an error that says what it lacks, matching
// errors.ErrUnsupported.
func TestPluginThatLacksWhatItClaims(t *testing.T) {
	_, prov := configure(t, "liar")
	domains, ok1 := prov.(providers.CustomDomains)
	sessions, ok2 := prov.(providers.Sessions)
	if !ok1 || !ok2 {
		t.Fatalf("the plugin's claims were not honoured: CustomDomains %t, Sessions %t", ok1, ok2)
	}
	d := &providers.CustomDomain{Name: "chat.example.test", Protocol: "HTTP"}
	check := func(feature string, calls map[string]error) {
		want := `provider plugin "liar" ` + feature + " (it predates protocol 1.1 or does not implement them"
		for method, err := range calls {
			if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, errors.ErrUnsupported) {
				t.Errorf("%s: %v\nwant %q, matching errors.ErrUnsupported", method, err, want)
			}
		}
	}
	check("does not manage custom domains", map[string]error{
		"ListCustomDomains":  errOf(domains.ListCustomDomains(ctx)),
		"GetCustomDomain":    errOf(domains.GetCustomDomain(ctx, d.Name)),
		"CreateCustomDomain": errOf(domains.CreateCustomDomain(ctx, d)),
		"UpdateCustomDomain": errOf(domains.UpdateCustomDomain(ctx, d)),
		"DeleteCustomDomain": domains.DeleteCustomDomain(ctx, d.Name),
	})
	check("does not expose sessions", map[string]error{
		"ListSessions":  errOf(sessions.ListSessions(ctx, "f")),
		"DeleteSession": sessions.DeleteSession(ctx, "f", "s-1"),
	})
}
