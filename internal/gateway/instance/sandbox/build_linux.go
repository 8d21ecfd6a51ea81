package sandbox

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// systemDirs are the host's directories every instance sees read-only, so
// interpreters and libraries resolve as they do on the host. A symlink
// (/bin -> usr/bin on merged-/usr systems) is recreated as one.
var systemDirs = []string{"usr", "etc", "opt", "bin", "sbin", "lib", "lib32", "lib64", "libx32"}

// devices are the host's device nodes an instance gets in its /dev.
var devices = []string{"null", "zero", "full", "random", "urandom", "tty"}

// rootSize bounds the writes an instance makes outside /tmp (FC lets a
// custom runtime write anywhere; here that lands in memory).
const rootSize = "64m"

// build makes init's namespaces into the instance's sandbox: its network,
// then its root, then its host name.
func build(cfg Config) error {
	if err := setupNetwork(); err != nil {
		return err
	}
	if err := setupRoot(cfg); err != nil {
		return err
	}
	if err := syscall.Sethostname([]byte(cfg.InstanceID)); err != nil {
		return setupError("host name", err)
	}
	return nil
}

// setupNetwork brings the loopback device up and gives it Addr.
func setupNetwork() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return setupError("network", err)
	}
	defer unix.Close(fd)
	lo, err := unix.NewIfreq("lo")
	if err != nil {
		return setupError("network", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, lo); err != nil {
		return setupError("reading lo's flags", err)
	}
	lo.SetUint16(lo.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, lo); err != nil {
		return setupError("bringing lo up", err)
	}
	// An alias label adds the address beside 127.0.0.1 instead of replacing it.
	alias, err := unix.NewIfreq("lo:fc")
	if err != nil {
		return setupError("network", err)
	}
	if err := alias.SetInet4Addr(Addr.AsSlice()); err != nil {
		return setupError("network", err)
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFADDR, alias); err != nil {
		return setupError("adding "+Addr.String()+" to lo", err)
	}
	return nil
}

// setupRoot builds the instance's file system on a tmpfs at cfg.RootDir and
// makes it the root: system directories, /code, /tmp, /dev, /proc, /sys
// and the binds; nothing else of the host stays reachable.
func setupRoot(cfg Config) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return setupError("making mounts private", err)
	}
	root := cfg.RootDir
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size="+rootSize); err != nil {
		return setupError("mounting the root", err)
	}
	for _, d := range systemDirs {
		if err := showHostDir("/"+d, filepath.Join(root, d)); err != nil {
			return err
		}
	}
	for _, d := range []string{"root", "home", "run", "var/tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			return setupError("making /"+d, err)
		}
	}
	if err := os.Chmod(filepath.Join(root, "var/tmp"), 0o1777); err != nil {
		return setupError("making /var/tmp", err)
	}
	code := filepath.Join(root, CodePath)
	if err := bindReadOnly(cfg.CodeDir, code); err != nil {
		return err
	}
	tmpOpts := "mode=1777"
	if cfg.TmpBytes > 0 {
		tmpOpts += ",size=" + strconv.FormatInt(cfg.TmpBytes, 10)
	}
	if err := mountFS("tmpfs", filepath.Join(root, "tmp"), unix.MS_NOSUID|unix.MS_NODEV, tmpOpts); err != nil {
		return err
	}
	for _, b := range cfg.Binds {
		if err := bindReadOnly(b.Source, filepath.Join(root, b.Target)); err != nil {
			return err
		}
	}
	for _, m := range cfg.Masks {
		if err := mask(filepath.Join(root, m)); err != nil {
			return err
		}
	}
	if err := setupDev(filepath.Join(root, "dev")); err != nil {
		return err
	}
	if err := mountFS("proc", filepath.Join(root, "proc"), unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return err
	}
	// /sys is a convenience (CPU counts, cgroup limits): an instance
	// without it still runs, so a refusal is not fatal.
	_ = mountFS("sysfs", filepath.Join(root, "sys"), unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	return pivot(root)
}

// showHostDir makes the host's dir appear at target: as the same symlink,
// or read-only. A directory the host lacks is left out.
func showHostDir(dir, target string) error {
	fi, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return setupError(dir, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		link, err := os.Readlink(dir)
		if err != nil {
			return setupError(dir, err)
		}
		return os.Symlink(link, target)
	}
	return bindReadOnly(dir, target)
}

// bindReadOnly mounts the host's source at target, read-only. A remount
// in a user namespace must keep the flags the kernel locked on the
// source's mount (nosuid, nodev, noexec, atime), so they are carried over.
func bindReadOnly(source, target string) error {
	fi, err := os.Stat(source)
	if err != nil {
		return setupError("showing "+source, err)
	}
	if err := makeMountPoint(target, fi.IsDir()); err != nil {
		return err
	}
	if err := unix.Mount(source, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return setupError("showing "+source, err)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(target, &st); err != nil {
		return setupError("showing "+source, err)
	}
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY)
	for _, f := range []struct{ st, ms uintptr }{
		{unix.ST_NOSUID, unix.MS_NOSUID}, {unix.ST_NODEV, unix.MS_NODEV}, {unix.ST_NOEXEC, unix.MS_NOEXEC},
		{unix.ST_NOATIME, unix.MS_NOATIME}, {unix.ST_NODIRATIME, unix.MS_NODIRATIME}, {unix.ST_RELATIME, unix.MS_RELATIME},
	} {
		if uintptr(st.Flags)&f.st != 0 {
			flags |= f.ms
		}
	}
	if err := unix.Mount("", target, "", flags, ""); err != nil {
		return setupError("making "+source+" read-only", err)
	}
	return nil
}

// makeMountPoint creates target as a directory or an empty file.
func makeMountPoint(target string, dir bool) error {
	if dir {
		if err := os.MkdirAll(target, 0o755); err != nil {
			return setupError("making "+target, err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return setupError("making "+target, err)
	}
	f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return setupError("making "+target, err)
	}
	return f.Close()
}

// mountFS mounts a fresh file system of type fstype at target.
func mountFS(fstype, target string, flags uintptr, data string) error {
	if err := os.MkdirAll(target, 0o755); err != nil {
		return setupError("making "+target, err)
	}
	if err := unix.Mount(fstype, target, fstype, flags, data); err != nil {
		return setupError("mounting "+fstype+" at "+target, err)
	}
	return nil
}

// mask covers a directory of the shown system directories with an empty,
// read-only tmpfs. One that is not there (or is not a plain directory:
// a link would lead the mount elsewhere) is not in sight either.
func mask(target string) error {
	fi, err := os.Lstat(target)
	if err != nil || !fi.IsDir() {
		return nil
	}
	return mountFS("tmpfs", target, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "mode=0555,size=4k")
}

// setupDev gives the instance a small /dev: the usual character devices
// (bound from the host's), /dev/shm, and the /proc/self/fd links.
func setupDev(dev string) error {
	if err := mountFS("tmpfs", dev, unix.MS_NOSUID|unix.MS_NOEXEC, "mode=0755,size=64k"); err != nil {
		return err
	}
	for _, d := range devices {
		target := filepath.Join(dev, d)
		if err := makeMountPoint(target, false); err != nil {
			return err
		}
		if err := unix.Mount("/dev/"+d, target, "", unix.MS_BIND, ""); err != nil {
			os.Remove(target) // a host without it: leave it out
		}
	}
	if err := mountFS("tmpfs", filepath.Join(dev, "shm"), unix.MS_NOSUID|unix.MS_NODEV, "mode=1777"); err != nil {
		return err
	}
	for name, target := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0",
		"stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(target, filepath.Join(dev, name)); err != nil {
			return setupError("making /dev/"+name, err)
		}
	}
	return nil
}

// pivot makes root the root and detaches the host's, then enters /code.
func pivot(root string) error {
	old := filepath.Join(root, ".host")
	if err := os.Mkdir(old, 0o700); err != nil {
		return setupError("pivot", err)
	}
	if err := unix.PivotRoot(root, old); err != nil {
		return setupError("pivot_root", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return setupError("pivot", err)
	}
	if err := unix.Unmount("/.host", unix.MNT_DETACH); err != nil {
		return setupError("detaching the host's root", err)
	}
	if err := os.Remove("/.host"); err != nil {
		return setupError("pivot", err)
	}
	return unix.Chdir(CodePath)
}
