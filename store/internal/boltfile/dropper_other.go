//go:build !linux

package boltfile

import bolt "go.etcd.io/bbolt"

// DropMapped does nothing here: see mapped_linux.go.
func DropMapped(*bolt.DB, *Mapping) {}

// MappedResident is unknown here.
func MappedResident() int64 { return -1 }
