//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64le || s390x || loong64))

package hugepages

// Prime does nothing on this platform; see the package comment.
func Prime(n int) bool { return false }
