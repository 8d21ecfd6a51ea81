package store

import (
	"errors"
	"fmt"

	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	bolt "go.etcd.io/bbolt"
)

// Custom domains are stored whole, the certificate's private key included:
// the gateway needs it to serve TLS after a restart. The store's file is
// 0600 in a 0700 directory; the control API never returns the key.

func domainName(d *fc.CustomDomain) (string, error) {
	if d == nil || d.DomainName == nil || *d.DomainName == "" {
		return "", errors.New("store: custom domain has no name")
	}
	return *d.DomainName, nil
}

// GetDomain returns a custom domain. It fails with ErrDomainNotFound.
func (s *Store) GetDomain(name string) (*fc.CustomDomain, error) {
	var d *fc.CustomDomain
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		d, err = loadDomain(tx, name)
		return err
	})
	return d, err
}

func loadDomain(tx *bolt.Tx, name string) (*fc.CustomDomain, error) {
	d, ok, err := get[fc.CustomDomain](tx.Bucket(bucketDomains), name)
	if err == nil && !ok {
		err = fmt.Errorf("custom domain %q: %w", name, ErrDomainNotFound)
	}
	return d, err
}

// CreateDomain stores a new custom domain. It fails with ErrDomainExists.
func (s *Store) CreateDomain(d *fc.CustomDomain) error {
	name, err := domainName(d)
	if err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDomains)
		if b.Get([]byte(name)) != nil {
			return fmt.Errorf("custom domain %q: %w", name, ErrDomainExists)
		}
		return put(b, name, d)
	})
}

// UpdateDomain reads a custom domain, lets change modify it and stores the
// result in one transaction. It fails with ErrDomainNotFound, or with
// change's error, which leaves the domain as it was.
func (s *Store) UpdateDomain(name string, change func(*fc.CustomDomain) error) (*fc.CustomDomain, error) {
	var d *fc.CustomDomain
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		if d, err = loadDomain(tx, name); err != nil {
			return err
		}
		if err := change(d); err != nil {
			return err
		}
		if n, err := domainName(d); err != nil || n != name {
			return fmt.Errorf("store: custom domain %q cannot be renamed", name)
		}
		return put(tx.Bucket(bucketDomains), name, d)
	})
	return d, err
}

// DeleteDomain removes a custom domain. It fails with ErrDomainNotFound.
func (s *Store) DeleteDomain(name string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if _, err := loadDomain(tx, name); err != nil {
			return err
		}
		return tx.Bucket(bucketDomains).Delete([]byte(name))
	})
}

// ListDomains returns one page of custom domains in name order and the
// token for the next page ("" at the end).
func (s *Store) ListDomains(opt ListOptions) ([]*fc.CustomDomain, string, error) {
	var (
		ds   []*fc.CustomDomain
		next string
	)
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		ds, next, err = list[fc.CustomDomain](tx.Bucket(bucketDomains), opt, nil)
		return err
	})
	return ds, next, err
}
