//go:build !linux

package store

import "unsafe"

// hugePages does nothing here: see hugepages_linux.go.
func hugePages(unsafe.Pointer, uintptr) {}
