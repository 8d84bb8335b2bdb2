//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || windows)

package boltfile

import (
	"os"
	"time"
)

// TryLock does nothing on systems without flock: there, two strikes
// processes writing one store at once are not prevented.
func TryLock(f *os.File, timeout time.Duration) error { return nil }
