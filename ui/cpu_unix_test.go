//go:build unix

package ui

import (
	"syscall"
	"time"
)

// cpuNow is the CPU time the process has used (user and system, every
// thread): on a shared machine it measures the work, not the wait.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
