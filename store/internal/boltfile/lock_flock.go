//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package boltfile

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// TryLock takes an exclusive flock on f, polling until timeout; a zero
// timeout waits forever. It returns ErrLockTimeout when it gives up.
func TryLock(f *os.File, timeout time.Duration) error {
	if timeout == 0 {
		for {
			err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
			if !errors.Is(err, syscall.EINTR) {
				return err
			}
		}
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return err
		}
		if time.Now().After(deadline) {
			return ErrLockTimeout
		}
		time.Sleep(lockPoll)
	}
}
