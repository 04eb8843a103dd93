//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64))

package hugepages

import "unsafe"

// Prime does nothing on this platform; see the package comment.
func Prime(n int) bool { return false }

// Advise does nothing on this platform; see the package comment.
func Advise(p unsafe.Pointer, n int) bool { return false }
