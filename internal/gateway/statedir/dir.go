package statedir

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// File names inside the state directory.
const (
	CredentialsFile = "credentials"
	InfoFile        = "gateway.json"
	LogFile         = "gateway.log"
	LockFile        = "gateway.lock"
	FunctionLogDir  = "logs"
)

// EnvStateDir overrides the default state directory for every command and
// for the local provider alike.
const EnvStateDir = "WSDEPLOY_GATEWAY_STATE_DIR"

// Default is where the gateway keeps its state unless told otherwise:
// $WSDEPLOY_GATEWAY_STATE_DIR, else $XDG_STATE_HOME/wsdeploy/gateway, else
// ~/.local/state/wsdeploy/gateway.
func Default() (string, error) {
	if s := os.Getenv(EnvStateDir); s != "" {
		return filepath.Abs(s)
	}
	if s := os.Getenv("XDG_STATE_HOME"); s != "" && filepath.IsAbs(s) {
		return filepath.Join(s, "wsdeploy", "gateway"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the home directory for the gateway's state (%v); pass --state-dir DIR", err)
	}
	return filepath.Join(home, ".local", "state", "wsdeploy", "gateway"), nil
}

// Resolve returns dir made absolute, or Default when dir is empty.
func Resolve(dir string) (string, error) {
	if dir == "" {
		return Default()
	}
	return filepath.Abs(dir)
}

// Ensure creates dir with mode 0700 when missing. An existing directory
// without a key yet is made private; one that already holds the key and
// that others can read is refused, since the key may have leaked.
func Ensure(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the gateway state directory: %w", err)
	}
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return errors.New(dir + " is not a directory")
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		if _, err := os.Stat(filepath.Join(dir, CredentialsFile)); errors.Is(err, os.ErrNotExist) {
			return os.Chmod(dir, 0o700)
		}
		return fmt.Errorf("the gateway state directory %s has mode %04o, so other users can read the gateway's key: run chmod 700 %s", dir, perm, dir)
	}
	return nil
}
