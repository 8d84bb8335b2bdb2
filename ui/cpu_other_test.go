//go:build !unix

package ui

import "time"

// cpuNow is not measured here.
func cpuNow() time.Duration { return 0 }
