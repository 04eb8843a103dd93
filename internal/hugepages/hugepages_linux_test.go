//go:build linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64)

package hugepages

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestPrime checks that heap allocated after Prime lies in a mapping marked
// for huge pages (VmFlags "hg" in /proc/self/smaps). Whether the kernel
// then finds free 2 MiB pages depends on the machine, so AnonHugePages is
// only logged.
func TestPrime(t *testing.T) {
	if !wanted() {
		t.Skip("transparent huge pages are not in madvise mode here (or disablethp / strict overcommit): Prime does nothing")
	}
	if !Prime(256 << 20) {
		t.Fatal("Prime(256 MiB) = false, want true")
	}
	b := make([]byte, 16<<20)
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	// Prime marks whole huge pages only: look past the slice's first one.
	addr := (uintptr(unsafe.Pointer(unsafe.SliceData(b))) + hugePage - 1) &^ (hugePage - 1)
	flags, huge, err := mappingOf(addr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("mapping of a 16 MiB slice after Prime has VmFlags %q, want hg among them", flags)
	}
	t.Logf("AnonHugePages of that mapping: %s", huge)
}

// TestAdvise checks that Advise marks the whole huge pages inside a fresh
// slice for huge pages (VmFlags "hg"), and leaves small memory alone.
func TestAdvise(t *testing.T) {
	if !wanted() {
		t.Skip("transparent huge pages are not in madvise mode here (or disablethp / strict overcommit): Advise does nothing")
	}
	tests := []struct {
		name string
		size int
		want bool
	}{
		{"16 MiB", 16 << 20, true},
		{"3 MiB", 3 << 20, false},
		{"empty", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := make([]byte, tt.size)
			p := unsafe.Pointer(unsafe.SliceData(b))
			if got := Advise(p, len(b)); got != tt.want {
				t.Fatalf("Advise(%d bytes) = %v, want %v", tt.size, got, tt.want)
			}
			if !tt.want {
				return
			}
			addr := (uintptr(p) + hugePage - 1) &^ (hugePage - 1)
			flags, _, err := mappingOf(addr)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(" "+flags+" ", " hg ") {
				t.Errorf("mapping of a %d-byte slice after Advise has VmFlags %q, want hg among them", tt.size, flags)
			}
		})
	}
}

// mappingOf returns the VmFlags and AnonHugePages of the mapping holding addr.
func mappingOf(addr uintptr) (flags, huge string, err error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if first, _, _ := strings.Cut(line, " "); !strings.HasSuffix(first, ":") {
			// A mapping's header: "lo-hi perms offset dev inode path".
			var lo, hi uintptr
			if _, err := fmt.Sscanf(first, "%x-%x", &lo, &hi); err != nil {
				return "", "", fmt.Errorf("smaps line %q: %w", line, err)
			}
			in = lo <= addr && addr < hi
			continue
		}
		if !in {
			continue
		}
		if v, ok := strings.CutPrefix(line, "AnonHugePages:"); ok {
			huge = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			return strings.TrimSpace(v), huge, nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	return "", "", fmt.Errorf("no mapping holds %#x in /proc/self/smaps", addr)
}

// TestPrimeUnderAddressLimit checks that Prime stays away under a limit on
// address space, where its block could be the allocation that fails (and
// a failed allocation kills a Go program).
func TestPrimeUnderAddressLimit(t *testing.T) {
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &old); err != nil {
		t.Fatal(err)
	}
	if old.Cur != unix.RLIM_INFINITY {
		t.Skipf("address space already limited to %d bytes", old.Cur)
	}
	lim := old
	lim.Cur = 1 << 40 // finite, far above what the test uses
	if err := unix.Setrlimit(unix.RLIMIT_AS, &lim); err != nil {
		t.Skipf("cannot set RLIMIT_AS: %v", err)
	}
	defer func() {
		if err := unix.Setrlimit(unix.RLIMIT_AS, &old); err != nil {
			t.Fatal(err)
		}
	}()
	if wanted() {
		t.Error("wanted() = true under ulimit -v, want false")
	}
	if Prime(256 << 20) {
		t.Error("Prime(256 MiB) = true under ulimit -v, want false")
	}
}
