package planfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// VersionError is a plan file of another format version than this
// wsdeploy's: it cannot be read, and planning again is the way out.
type VersionError struct{ Found int }

func (e *VersionError) Error() string {
	made := "a newer"
	if e.Found < FormatVersion {
		made = "an older"
	}
	return fmt.Sprintf("the plan file has format version %d and this wsdeploy reads only version %d: it was made by %s wsdeploy. "+
		"Run wsdeploy plan -out FILE again with this wsdeploy and apply the new file", e.Found, FormatVersion, made)
}

// Write writes f as indented JSON, stamped with FormatVersion.
func Write(w io.Writer, f File) error {
	f.FormatVersion = FormatVersion
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// Read reads a plan file. The format version is checked before anything
// else, so a file from another wsdeploy gets a *VersionError rather than
// a complaint about a field it has and this one does not know.
func Read(r io.Reader) (*File, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var probe struct {
		FormatVersion *int `json:"format_version"`
	}
	if err := json.Unmarshal(src, &probe); err != nil {
		return nil, fmt.Errorf("not a wsdeploy plan file: %w", err)
	}
	switch {
	case probe.FormatVersion == nil:
		return nil, errors.New("not a wsdeploy plan file: it has no format_version")
	case *probe.FormatVersion != FormatVersion:
		return nil, &VersionError{Found: *probe.FormatVersion}
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a wsdeploy plan file: %w", err)
	}
	if f.Stack == "" || f.StackHash == "" {
		return nil, errors.New("not a wsdeploy plan file: no stack or stack hash")
	}
	return &f, nil
}
