package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wsdeploy/wsdeploy/plugins/sdk"
	"github.com/wsdeploy/wsdeploy/providers/fcspec"
)

// Custom domains: nginx serves every domain on two loopback listeners of
// the state directory (plain and TLS, their ports chosen once), choosing
// the domain by Host (and TLS server name) and the route by path, exact
// before the longest wildcard prefix as FC does. Each domain is a JSON file
// under domains/, its certificate beside it and its private key in a file
// only the owner reads; the key is never returned.

var _ sdk.CustomDomains = (*provider)(nil)

// domainPorts are the two listeners of the custom domains.
type domainPorts struct {
	HTTP  int `json:"http"`
	HTTPS int `json:"https"`
}

func (s store) domainsDir() string                { return filepath.Join(s.dir, "domains") }
func (s store) domainPath(name string) string     { return filepath.Join(s.domainsDir(), name+".json") }
func (s store) domainCertPath(name string) string { return filepath.Join(s.domainsDir(), name+".crt") }
func (s store) domainKeyPath(name string) string  { return filepath.Join(s.domainsDir(), name+".key") }
func (s store) domainPortsPath() string           { return filepath.Join(s.dir, "domain-ports.json") }

// ports reads the domain listeners' ports, choosing them on first use
// (under the store's lock, so that two plugins agree).
func (s store) ports() (domainPorts, error) {
	var p domainPorts
	b, err := os.ReadFile(s.domainPortsPath())
	if err == nil {
		return p, json.Unmarshal(b, &p)
	}
	if !errors.Is(err, os.ErrNotExist) {
		return p, err
	}
	unlock, err := s.lock()
	if err != nil {
		return p, err
	}
	defer unlock()
	if b, err := os.ReadFile(s.domainPortsPath()); err == nil { // chosen meanwhile
		return p, json.Unmarshal(b, &p)
	}
	if p.HTTP, err = freePort(); err != nil {
		return p, err
	}
	if p.HTTPS, err = freePort(); err != nil {
		return p, err
	}
	return p, writeJSON(s.domainPortsPath(), p)
}

func (s store) getDomain(name string) (*sdk.CustomDomain, error) {
	b, err := os.ReadFile(s.domainPath(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("custom domain %q: %w", name, sdk.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	var d sdk.CustomDomain
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s is damaged: %w", s.domainPath(name), err)
	}
	return &d, nil
}

// allDomains reads every domain, sorted by name.
func (s store) allDomains() ([]*sdk.CustomDomain, error) {
	entries, err := os.ReadDir(s.domainsDir())
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []*sdk.CustomDomain
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			d, err := s.getDomain(name)
			if err != nil {
				return nil, err
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// putDomain stores d: the certificate and key in files for nginx (the key
// readable by the owner alone), the rest as JSON without the key. An
// update whose certificate comes without a key keeps the stored key.
func (s store) putDomain(d *sdk.CustomDomain) (*sdk.CustomDomain, error) {
	if err := os.MkdirAll(s.domainsDir(), 0o755); err != nil {
		return nil, err
	}
	stored := *d
	stored.LastModified = time.Now().UTC().Format(time.RFC3339)
	os.Remove(s.domainCertPath(d.Name))
	if c := d.Cert; c != nil {
		if err := os.WriteFile(s.domainCertPath(d.Name), []byte(c.Certificate), 0o644); err != nil {
			return nil, err
		}
		if c.PrivateKey != "" {
			if err := writeFile(s.domainKeyPath(d.Name), []byte(c.PrivateKey), 0o600); err != nil {
				return nil, err
			}
		}
		kept := *c
		kept.PrivateKey = ""
		stored.Cert = &kept
	} else {
		os.Remove(s.domainKeyPath(d.Name))
	}
	return &stored, writeJSON(s.domainPath(d.Name), &stored)
}

func (s store) removeDomain(name string) error {
	os.Remove(s.domainCertPath(name))
	os.Remove(s.domainKeyPath(name))
	return os.Remove(s.domainPath(name))
}

func (p *provider) ListCustomDomains(context.Context) ([]*sdk.CustomDomain, error) {
	return p.st.allDomains()
}

func (p *provider) GetCustomDomain(_ context.Context, name string) (*sdk.CustomDomain, error) {
	return p.st.getDomain(name)
}

func (p *provider) CreateCustomDomain(ctx context.Context, d *sdk.CustomDomain) (*sdk.CustomDomain, error) {
	return p.putDomain(ctx, d, true)
}

func (p *provider) UpdateCustomDomain(ctx context.Context, d *sdk.CustomDomain) (*sdk.CustomDomain, error) {
	return p.putDomain(ctx, d, false)
}

func (p *provider) putDomain(ctx context.Context, d *sdk.CustomDomain, create bool) (*sdk.CustomDomain, error) {
	if err := checkDomain(d, create); err != nil {
		return nil, err
	}
	var out *sdk.CustomDomain
	err := p.change(ctx, func() error {
		_, err := p.st.getDomain(d.Name)
		switch {
		case create && err == nil:
			return fmt.Errorf("custom domain %q already exists", d.Name)
		case !create && err != nil:
			return err
		case !create && d.Cert != nil && d.Cert.PrivateKey == "" && !fileExists(p.st.domainKeyPath(d.Name)):
			return fmt.Errorf("custom domain %q: the certificate comes without its private key, and none is stored", d.Name)
		}
		out, err = p.st.putDomain(d)
		return err
	})
	return out, err
}

func (p *provider) DeleteCustomDomain(ctx context.Context, name string) error {
	return p.change(ctx, func() error {
		if _, err := p.st.getDomain(name); err != nil {
			return err
		}
		return p.st.removeDomain(name)
	})
}

// checkDomain refuses what nginx could not serve as FC would, saying why.
// A create must bring the private key of an HTTPS certificate.
func checkDomain(d *sdk.CustomDomain, create bool) error {
	what := fmt.Sprintf("custom domain %q", d.Name)
	if err := fcspec.CheckDomainName(d.Name); err != nil {
		return fmt.Errorf("%s: the name %w", what, err)
	}
	if !slices.Contains(fcspec.Protocols, d.Protocol) {
		return fmt.Errorf("%s: protocol is %q; it is one of %s", what, d.Protocol, strings.Join(fcspec.Protocols, ", "))
	}
	if fcspec.ServesHTTPS(d.Protocol) {
		switch c := d.Cert; {
		case c == nil || c.Certificate == "":
			return fmt.Errorf("%s: protocol %s needs a certificate", what, d.Protocol)
		case create && c.PrivateKey == "":
			return fmt.Errorf("%s: the certificate comes without its private key", what)
		}
	}
	if t := d.TLS; t != nil {
		if len(t.CipherSuites) > 0 {
			return fmt.Errorf("%s: the process provider does not choose cipher suites (nginx uses OpenSSL's defaults): remove cipher_suites", what)
		}
		for _, v := range []string{t.MinVersion, t.MaxVersion} {
			if v != "" && !slices.Contains(fcspec.TLSVersions, v) {
				return fmt.Errorf("%s: TLS version %q is not one of %s", what, v, strings.Join(fcspec.TLSVersions, ", "))
			}
		}
	}
	for _, r := range d.Routes {
		if err := fcspec.CheckRoutePath(r.Path); err != nil {
			return fmt.Errorf("%s: route path %w", what, err)
		}
		if r.Qualifier != "" && r.Qualifier != fcspec.QualifierLatest {
			return fmt.Errorf("%s: route %s: the process provider has no versions or aliases, only %s", what, r.Path, fcspec.QualifierLatest)
		}
	}
	return nil
}
