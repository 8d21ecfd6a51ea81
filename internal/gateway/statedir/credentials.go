package statedir

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/wsdeploy/wsdeploy/internal/fcauth"
)

// LoadOrCreateCredentials returns the gateway's key pair from
// dir/credentials, creating the file (mode 0600) with a fresh random pair
// when it does not exist.
func LoadOrCreateCredentials(dir string) (fcauth.Credentials, error) {
	cred, err := ReadCredentials(dir)
	if !errors.Is(err, fs.ErrNotExist) {
		return cred, err
	}
	cred = fcauth.Credentials{AccessKeyID: "LTAI" + randomText(20), AccessKeySecret: randomText(30)}
	f, err := os.OpenFile(filepath.Join(dir, CredentialsFile), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return ReadCredentials(dir) // another process created it first
	}
	if err != nil {
		return cred, fmt.Errorf("cannot create the gateway's credentials: %w", err)
	}
	_, werr := fmt.Fprintf(f, "# The local gateway's key pair; clients sign FC API requests with it.\n[default]\ntype = access_key\naccess_key_id = %s\naccess_key_secret = %s\n",
		cred.AccessKeyID, cred.AccessKeySecret)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		return cred, fmt.Errorf("cannot write the gateway's credentials: %w", err)
	}
	return cred, nil
}

// ReadCredentials reads the [default] section of dir/credentials. A file
// that others can read is refused, as the aliyun CLI would warn.
func ReadCredentials(dir string) (fcauth.Credentials, error) {
	path := filepath.Join(dir, CredentialsFile)
	info, err := os.Stat(path)
	if err != nil {
		return fcauth.Credentials{}, err
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return fcauth.Credentials{}, fmt.Errorf("%s has mode %04o, so other users can read the key: run chmod 600 %s", path, perm, path)
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return fcauth.Credentials{}, err
	}
	section := parseINI(src)["default"]
	cred := fcauth.Credentials{
		AccessKeyID:     section["access_key_id"],
		AccessKeySecret: section["access_key_secret"],
		SecurityToken:   section["security_token"],
	}
	if cred.AccessKeyID == "" || cred.AccessKeySecret == "" {
		return cred, fmt.Errorf("%s has no [default] access_key_id and access_key_secret; delete it and the gateway creates a new one", path)
	}
	return cred, nil
}

// parseINI reads sections of key = value lines; comments start with # or ;.
func parseINI(src []byte) map[string]map[string]string {
	out := map[string]map[string]string{}
	section := ""
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || line[0] == '#' || line[0] == ';':
		case line[0] == '[' && strings.HasSuffix(line, "]"):
			section = strings.TrimSpace(line[1 : len(line)-1])
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			if out[section] == nil {
				out[section] = map[string]string{}
			}
			out[section][strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	return out
}

// randomText is n random characters of [A-Za-z0-9].
func randomText(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
