package main

import (
	"fmt"
	"runtime/debug"
)

// addressSpaceNote returns the note printed at start when the address
// space is limited (ulimit -v, RLIMIT_AS) to limit bytes, below 4 GiB
// ("": no note). Such a limit bounds reservations, not memory: the Go
// runtime reserves about 1.2 GiB at start that it never touches (its page
// allocator's summaries and scavenger index, PROT_NONE; 1.15 GiB measured
// on linux/amd64, Go 1.26), and a cgo build's threads each reserve about
// 72 MiB more (glibc's 64 MiB malloc arena, made by pthread_getattr_np in
// runtime/cgo's thread start, and an 8 MiB stack): 1.86 GB of address
// space for a default scan of corpus-30MB against 1.34 GB without cgo.
// Out of address space the runtime aborts with a stack dump that does not
// say why, so the note comes first. A cgo build under ulimit -v 1500000
// aborts before main (its first threads' arenas), so only CGO_ENABLED=0
// (the README's build) helps there; the note is for the runs that start.
// cgo says whether the binary was built with cgo (cgoBuild); it is asked
// only under a limit, as reading the build information takes a run's
// start about 1% of a one-row scan's CPU.
func addressSpaceNote(limit uint64, cgo func() bool) string {
	if limit >= 4<<30 {
		return ""
	}
	note := fmt.Sprintf("note: the address space is limited (ulimit -v) to %.1f GiB; the Go runtime reserves about 1.2 GiB of it at start without using it, so a run may stop with \"out of memory\" far below that much memory: raise it (2 GiB runs the default scan of 200 MB of text), or bound memory with GOMEMLIMIT or a cgroup instead",
		float64(limit)/(1<<30))
	if cgo() {
		note += "; this binary is built with cgo, whose threads reserve 72 MiB each more: build it with CGO_ENABLED=0 (see the README), or run it with MALLOC_ARENA_MAX=1"
	}
	return note
}

// cgoBuild reports whether the binary was built with CGO_ENABLED=1 (it
// needs no cgo: only net's and os/user's optional C paths use it).
func cgoBuild() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "CGO_ENABLED" {
			return s.Value == "1"
		}
	}
	return false
}
