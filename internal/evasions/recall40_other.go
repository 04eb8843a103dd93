//go:build !amd64

package evasions

// stops40 is stops40Go: the kernel is amd64 assembly (see
// recall40_amd64.go).
func stops40(t []byte) (win int, cands uint64, halves int) {
	return stops40Go(t)
}
