package store

import (
	"syscall"
	"unsafe"
)

// hugePages asks the kernel to back the memory of a large slice the
// caller is about to fill with huge pages (MADV_HUGEPAGE), where the
// system leaves that to programs (transparent_hugepage "madvise", the
// common default). The dashboard's summaries are one slice of half a
// gigabyte at a million strikes: filled a 4 KiB page at a time, taking
// the page faults cost about a third of its load in a virtual machine.
// Only whole 2 MiB pages inside the slice are advised; the advice is a
// hint, and failing it changes nothing.
func hugePages(p unsafe.Pointer, size uintptr) {
	const huge = 2 << 20
	if size < 2*huge {
		return
	}
	start := (uintptr(p) + huge - 1) &^ (huge - 1)
	end := (uintptr(p) + size) &^ (huge - 1)
	if end <= start {
		return
	}
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, 14) // MADV_HUGEPAGE
}
