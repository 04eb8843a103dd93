//go:build linux

// Command pagefaults measures what touching fresh memory costs on this
// machine, the fact behind internal/hugepages and the "cold memory" notes in
// benchmarks/README.md: it maps anonymous memory, touches one byte per
// 4 KiB, and reports the time per 4 KiB, with 4 KiB pages and with
// transparent huge pages (MADV_HUGEPAGE), three rounds each, then once more
// after an idle pause (memory the VM may have handed back to its host).
//
//	go run ./benchmarks/pagefaults            # 64 MiB, 5 s pause
//	go run ./benchmarks/pagefaults -mb 256 -idle 10s
//
// Linux only.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

func main() {
	mb := flag.Int("mb", 64, "MiB to map and touch per round")
	idle := flag.Duration("idle", 5*time.Second, "pause before the last round (0: none)")
	flag.Parse()
	n := *mb << 20
	for _, huge := range []bool{false, true} {
		for r := 1; r <= 3; r++ {
			report(touch(n, huge), n, huge, fmt.Sprintf("round %d", r))
		}
	}
	if *idle > 0 {
		time.Sleep(*idle)
		report(touch(n, true), n, true, fmt.Sprintf("after %v idle", *idle))
	}
}

// touch maps n bytes (plus one huge page, to align), marks them for huge
// pages if asked, writes one byte per 4 KiB and returns how long that took.
func touch(n int, huge bool) time.Duration {
	const hp = 2 << 20
	b, err := unix.Mmap(-1, 0, n+hp, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagefaults:", err)
		os.Exit(1)
	}
	defer unix.Munmap(b)
	if huge {
		if err := unix.Madvise(b, unix.MADV_HUGEPAGE); err != nil {
			fmt.Fprintln(os.Stderr, "pagefaults: madvise:", err)
		}
	}
	start := time.Now()
	for i := 0; i < n; i += 4096 {
		b[i] = 1
	}
	return time.Since(start)
}

func report(d time.Duration, n int, huge bool, what string) {
	kind := "4 KiB pages"
	if huge {
		kind = "huge pages "
	}
	fmt.Printf("%s, %-14s %4d MiB in %8.1f ms: %6.2f us per 4 KiB\n", kind, what, n>>20, float64(d.Microseconds())/1000, float64(d.Microseconds())/float64(n/4096))
}
