//go:build unix

package main

import "golang.org/x/sys/unix"

// addressSpaceLimit returns the soft RLIMIT_AS in bytes (^0: none).
func addressSpaceLimit() uint64 {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_AS, &lim); err != nil || lim.Cur == unix.RLIM_INFINITY {
		return ^uint64(0)
	}
	return uint64(lim.Cur)
}
