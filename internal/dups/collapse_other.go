//go:build !amd64 || purego

package dups

// useAVX512 is false where there is no assembly: collapseGo does the work.
var useAVX512 = false

func collapse512(dst, src *byte, n int, sp uint64) (w, read int, spOut uint64) {
	panic("dups: collapse512 without AVX-512")
}
