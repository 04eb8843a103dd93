//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugepages

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

const hugePage = 2 << 20

// Prime makes about the next n bytes of Go heap eligible for transparent
// huge pages (see the package comment). It reports whether it marked any
// memory. Call it once, early, before the heap grows: pages the heap has
// already touched stay small.
func Prime(n int) bool {
	if !wanted() {
		return false
	}
	if total := memTotal(); total > 0 && n > total/4 {
		n = total / 4
	}
	if n < 2*hugePage {
		return false
	}
	block := make([]byte, n)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(block)))
	beg := (p + hugePage - 1) &^ (hugePage - 1)
	end := (p + uintptr(n)) &^ (hugePage - 1)
	err := unix.Madvise(block[beg-p:end-p], unix.MADV_HUGEPAGE)
	// The block is dead from here: collect it now, so that the
	// allocations that follow reuse its pages.
	runtime.GC()
	return err == nil
}

// wanted reports whether marking memory can make a difference, and
// whether allocating the block is safe: with a limit on address space
// (ulimit -v) a 1 GiB allocation could be what exceeds it, and the Go
// runtime dies when an allocation fails.
func wanted() bool {
	if strings.Contains(os.Getenv("GODEBUG"), "disablethp=1") {
		return false
	}
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &lim); err != nil || lim.Cur != unix.RLIM_INFINITY {
		return false
	}
	if b, err := os.ReadFile("/proc/sys/vm/overcommit_memory"); err != nil || string(bytes.TrimSpace(b)) == "2" {
		return false
	}
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	return err == nil && bytes.Contains(b, []byte("[madvise]"))
}

// memTotal returns the machine's memory in bytes, or 0.
func memTotal() int {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			f := strings.Fields(rest)
			if len(f) == 2 && f[1] == "kB" {
				kb, err := strconv.Atoi(f[0])
				if err == nil {
					return kb << 10
				}
			}
		}
	}
	return 0
}

// wantedOnce caches wanted for Advise.
var wantedOnce = sync.OnceValue(wanted)

// Advise marks the 2 MiB-aligned pages inside the n bytes at p eligible
// for transparent huge pages, for one large structure read at random (a
// count table's slots), where 4 KiB pages cost a TLB miss on most reads.
// Call it on fresh memory, before it is written: pages already touched
// stay small. Memory under 4 MiB is left alone (no whole huge page is
// sure to fit); so is everything when Prime would do nothing.
func Advise(p unsafe.Pointer, n int) bool {
	if n < 2*hugePage || !wantedOnce() {
		return false
	}
	a := uintptr(p)
	beg := (a + hugePage - 1) &^ (hugePage - 1)
	end := (a + uintptr(n)) &^ (hugePage - 1)
	if end <= beg {
		return false
	}
	return unix.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, beg-a)), end-beg), unix.MADV_HUGEPAGE) == nil
}
