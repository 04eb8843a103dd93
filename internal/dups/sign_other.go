//go:build !amd64 || purego

package dups

// useSign512 is false where there is no assembly: sign's Go loops do the
// work.
var useSign512 = false

func emptyBins512(word, bi *[nearK]uint32) (we, be uint64) {
	panic("dups: emptyBins512 without AVX-512")
}

func lowBytes512(word, bi *[nearK]uint32, w, b *nearSig) {
	panic("dups: lowBytes512 without AVX-512")
}
