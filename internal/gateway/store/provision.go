package store

import (
	fc "github.com/alibabacloud-go/fc-20230330/v4/client"
	bolt "go.etcd.io/bbolt"
)

// Provision is a function's provisioned-instance config: FC's
// ProvisionConfig as it was put (current and currentError are the data
// plane's, not stored), with its function's name for listings.
type Provision struct {
	Function string              `json:"function"`
	Config   *fc.ProvisionConfig `json:"config"`
}

// PutProvision sets a function's provisioned-instance config. It fails
// with ErrFunctionNotFound.
func (s *Store) PutProvision(function string, c *fc.ProvisionConfig) error {
	return s.putFunctionConfig(bucketProvision, function, Provision{Function: function, Config: c})
}

// GetProvision returns a function's provisioned-instance config. It fails
// with ErrFunctionNotFound, or ErrProvisionNotFound when none is set.
func (s *Store) GetProvision(function string) (*fc.ProvisionConfig, error) {
	p, err := getFunctionConfig[Provision](s, bucketProvision, function, ErrProvisionNotFound)
	if err != nil {
		return nil, err
	}
	return p.Config, nil
}

// DeleteProvision removes a function's provisioned-instance config. It
// fails with ErrFunctionNotFound or ErrProvisionNotFound.
func (s *Store) DeleteProvision(function string) error {
	return deleteFunctionConfig[Provision](s, bucketProvision, function, ErrProvisionNotFound)
}

// ListProvisions returns one page of provisioned-instance configs in
// function name order (opt.Prefix selects functions), and the token for
// the next page ("" at the end). match, if not nil, filters before the
// limit counts.
func (s *Store) ListProvisions(opt ListOptions, match func(*Provision) bool) ([]*Provision, string, error) {
	var (
		ps   []*Provision
		next string
	)
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		ps, next, err = list[Provision](tx.Bucket(bucketProvision), opt, match)
		return err
	})
	return ps, next, err
}
