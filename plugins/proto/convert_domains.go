package proto

import "github.com/wsdeploy/wsdeploy/providers"

// The conversions of protocol 1.1's custom domains and sessions. As for
// functions, nil pointers (certificate, TLS) travel as absent fields.

// FromCustomDomain is d as a message, the certificate's private key
// included: it is the caller's to keep out of logs.
func FromCustomDomain(d *providers.CustomDomain) *CustomDomain {
	if d == nil {
		return nil
	}
	m := &CustomDomain{Name: d.Name, Protocol: d.Protocol, LastModified: d.LastModified}
	if c := d.Cert; c != nil {
		m.Cert = &Certificate{Name: c.Name, Certificate: c.Certificate, PrivateKey: c.PrivateKey}
	}
	if t := d.TLS; t != nil {
		m.Tls = &TLS{MinVersion: t.MinVersion, MaxVersion: t.MaxVersion, CipherSuites: t.CipherSuites}
	}
	for _, r := range d.Routes {
		m.Routes = append(m.Routes, &Route{Path: r.Path, Function: r.Function, Qualifier: r.Qualifier, Methods: r.Methods})
	}
	return m
}

// ToCustomDomain is m as a providers.CustomDomain.
func ToCustomDomain(m *CustomDomain) *providers.CustomDomain {
	if m == nil {
		return nil
	}
	d := &providers.CustomDomain{Name: m.Name, Protocol: m.Protocol, LastModified: m.LastModified}
	if c := m.Cert; c != nil {
		d.Cert = &providers.Certificate{Name: c.Name, Certificate: c.Certificate, PrivateKey: c.PrivateKey}
	}
	if t := m.Tls; t != nil {
		d.TLS = &providers.TLS{MinVersion: t.MinVersion, MaxVersion: t.MaxVersion, CipherSuites: t.CipherSuites}
	}
	for _, r := range m.Routes {
		d.Routes = append(d.Routes, &providers.Route{Path: r.Path, Function: r.Function, Qualifier: r.Qualifier, Methods: r.Methods})
	}
	return d
}

// FromSession is s as a message.
func FromSession(s *providers.Session) *Session {
	if s == nil {
		return nil
	}
	return &Session{Id: s.ID, Function: s.Function, Qualifier: s.Qualifier, InstanceId: s.InstanceID,
		AffinityType: s.AffinityType, Status: s.Status, Ttl: int64(s.TTL), IdleTimeout: int64(s.IdleTimeout),
		Created: s.Created, LastModified: s.LastModified}
}

// ToSession is m as a providers.Session.
func ToSession(m *Session) *providers.Session {
	if m == nil {
		return nil
	}
	return &providers.Session{ID: m.Id, Function: m.Function, Qualifier: m.Qualifier, InstanceID: m.InstanceId,
		AffinityType: m.AffinityType, Status: m.Status, TTL: int(m.Ttl), IdleTimeout: int(m.IdleTimeout),
		Created: m.Created, LastModified: m.LastModified}
}
