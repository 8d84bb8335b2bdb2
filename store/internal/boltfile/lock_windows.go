//go:build windows

package boltfile

import (
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// TryLock takes an exclusive lock on f, polling until timeout; a zero
// timeout waits forever. It returns ErrLockTimeout when it gives up.
func TryLock(f *os.File, timeout time.Duration) error {
	h := windows.Handle(f.Fd())
	if timeout == 0 {
		return windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &windows.Overlapped{})
	}
	deadline := time.Now().Add(timeout)
	for {
		err := windows.LockFileEx(h, windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &windows.Overlapped{})
		if err == nil {
			return nil
		}
		if err != windows.ERROR_LOCK_VIOLATION {
			return err
		}
		if time.Now().After(deadline) {
			return ErrLockTimeout
		}
		time.Sleep(lockPoll)
	}
}
