//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly || windows)

package store

import (
	"os"
	"time"
)

// tryLock does nothing on systems without flock: there, two strikes
// processes writing one store at once are not prevented.
func tryLock(f *os.File, timeout time.Duration) error { return nil }
