//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// dropMapped does nothing here: see mapped_linux.go.
func dropMapped(*bolt.DB, *mapping) {}

// mappedResident is unknown here.
func mappedResident() int64 { return -1 }
